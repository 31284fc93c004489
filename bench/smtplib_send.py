"""The Python baseline for bench/send.sh: the same personalised messages sent
with the standard library's smtplib over THREADS connections.

    smtplib_send.py TEMPLATE.eml LIST.csv HOST PORT THREADS

TEMPLATE is a test send from the outbox; each reader's copy is the template
with the test address replaced by theirs (the per-reader work letterpress
does with its own templates).
"""

import csv
import smtplib
import sys
import threading


def main():
    template_path, list_path, host, port, threads = sys.argv[1:6]
    template = open(template_path, "rb").read()
    sample = b"reader@example.com"
    readers = [row["email"] for row in csv.DictReader(open(list_path))]
    lock = threading.Lock()
    next_index = [0]

    def worker():
        server = smtplib.SMTP(host, int(port))
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= len(readers):
                break
            to = readers[i]
            message = template.replace(sample, to.encode())
            server.sendmail("newsletter@example.com", [to], message)
        server.quit()

    workers = [threading.Thread(target=worker) for _ in range(int(threads))]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(f"smtplib: {len(readers)} messages sent")


if __name__ == "__main__":
    main()
