//! Links in a rendered issue: made absolute, with UTM parameters.

use crate::settings::Settings;

/// Makes a link absolute (relative ones against the newsletter's address,
/// `#anchors` against the archive page) and adds UTM parameters to
/// web links; `None` drops a link that cannot be made absolute.
pub(super) fn absolute(
    url: &str,
    settings: &Settings,
    archive_url: &str,
    week: &str,
) -> Option<String> {
    let url = url.trim();
    let web = if url.starts_with("https://") || url.starts_with("http://") {
        url.to_string()
    } else if let Some(rest) = url.strip_prefix("//") {
        format!("https://{rest}")
    } else if url.starts_with("mailto:") {
        return Some(url.to_string());
    } else if url.starts_with('#') {
        return Some(format!("{archive_url}{url}"));
    } else if url.is_empty() || url.contains(':') {
        return None;
    } else {
        let base = settings.newsletter.url.trim_end_matches('/');
        format!("{base}/{}", url.trim_start_matches('/'))
    };
    Some(match &settings.newsletter.utm {
        Some(utm) => with_utm(&web, utm, week),
        None => web,
    })
}

fn with_utm(url: &str, utm: &crate::settings::Utm, week: &str) -> String {
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let join = if base.contains('?') { '&' } else { '?' };
    let encode = |v: &str| {
        v.replace("{week}", week)
            .replace(' ', "%20")
            .replace('&', "%26")
    };
    let mut out = format!(
        "{base}{join}utm_source={}&utm_medium={}&utm_campaign={}",
        encode(&utm.source),
        encode(&utm.medium),
        encode(&utm.campaign)
    );
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}
