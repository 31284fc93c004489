"""Verifies a message's DKIM-Signature with dkimpy, independently of the
signer: the public key is given as a PEM file instead of a DNS lookup.

    dkim_verify.py MESSAGE_FILE PUBLIC_KEY.pem

Prints `pass` and exits 0, or prints why and exits 1.
"""

import base64
import sys

import dkim


def main():
    message = open(sys.argv[1], "rb").read()
    # smtp-sink stores bare LF lines; on the wire they were CRLF.
    message = message.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    pem = open(sys.argv[2]).read()
    der = "".join(l for l in pem.splitlines() if l and not l.startswith("-----"))
    base64.b64decode(der)  # must be a key, not a typo
    record = f"v=DKIM1; k=rsa; p={der}".encode()

    def dns(name, timeout=5):
        return record

    verifier = dkim.DKIM(message)
    if verifier.verify(dnsfunc=dns):
        print("pass")
        return 0
    print(f"fail: {verifier.logger}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
