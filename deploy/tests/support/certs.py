"""A throw-away self-signed certificate for 127.0.0.1, made with openssl at test time."""
import ssl
import subprocess


def self_signed(directory):
    cert, key = directory / "bridge-test.pem", directory / "bridge-test.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


def client_context(cert):
    """Trusts exactly that certificate and checks the host name, as a browser would."""
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = True
    return context
