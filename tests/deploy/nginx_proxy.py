"""nginx in front of a sync service, configured by the SHIPPED ``deploy/nginx-gridapp.conf``.

Shared by tests/deploy and ``bench/bench_load.py --via nginx``; it knows nothing of
gridapp itself (any HTTP service on 127.0.0.1 can sit behind it).

Only what differs between a district host and this machine is rewritten — ports,
server name, certificate and log paths — each an exact text of the shipped file that
must be there (a change to the file fails here instead of testing something else), so
the routing, body limits, TLS settings and log format that run are the shipped ones.
The file goes inside ``http{}`` of a small main configuration, as Debian's nginx.conf
includes it; nginx runs as a child in the foreground (``daemon off``) with its pid,
logs and temp folders in a folder of its own: the host's nginx service, /etc/nginx
and its ports are never touched.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "deploy" / "nginx-gridapp.conf"
SERVER_NAME = "localhost"
INSTALL_HINT = "apt-get install -y nginx (scripts/bootstrap.sh tests installs it)"

# What a district host has in the shipped file, and what stands for it here.
SHIPPED_UPSTREAM = "server 127.0.0.1:8765;"
SHIPPED_HTTP = "listen 80;"
SHIPPED_HTTPS = "listen 443 ssl http2;"
SHIPPED_NAME = "grid.example.gov.cn"
SHIPPED_CERT = "/etc/ssl/gridapp/fullchain.pem"
SHIPPED_KEY = "/etc/ssl/gridapp/privkey.pem"
SHIPPED_ACCESS_LOG = "/var/log/nginx/gridapp.access.log"


def shipped_body_limit() -> int:
    """client_max_body_size of the shipped file, in bytes (nginx's "m" is MiB)."""
    sizes = re.findall(r"^\s*client_max_body_size\s+(\d+)m;", SHIPPED.read_text(), re.M)
    if len(sizes) != 1:
        raise ValueError(f"{SHIPPED.name}: one client_max_body_size in MiB expected: {sizes}")
    return int(sizes[0]) * 1024 * 1024


def nginx_binary() -> str | None:
    """The nginx program (Debian puts it in /usr/sbin, not on a user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Certificate:
    chain: Path  # the server's certificate, then the CA's (ssl_certificate)
    key: Path  # the server's private key (ssl_certificate_key)
    ca: Path  # what a client trusts

    def client_context(self) -> ssl.SSLContext:
        """A client's TLS context trusting this CA only, with hostname checking."""
        return ssl.create_default_context(cafile=str(self.ca))


def make_certificate(folder: Path, name: str = SERVER_NAME) -> Certificate:
    """A throw-away CA and a server certificate it signed for ``name`` and 127.0.0.1."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gridapp test CA")])
    ca = (
        _builder(ca_name, ca_name, ca_key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    names = [x509.DNSName(name), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    ca_ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    leaf = (
        _builder(subject, ca_name, key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    cert = Certificate(folder / "fullchain.pem", folder / "privkey.pem", folder / "ca.pem")
    cert.chain.write_bytes(leaf.public_bytes(pem) + ca.public_bytes(pem))
    cert.ca.write_bytes(ca.public_bytes(pem))
    cert.key.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert.key.chmod(0o600)
    return cert


def _builder(
    subject: x509.Name, issuer: x509.Name, public_key: ec.EllipticCurvePublicKey, now: dt.datetime
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
    )


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise ValueError(f"{SHIPPED.name} no longer contains {old!r}: update {__name__}")
    return text.replace(old, new)


def site_config(
    certificate: Certificate,
    access_log: Path,
    *,
    upstream_port: int | None = None,
    http_port: int | None = None,
    https_port: int | None = None,
) -> str:
    """The shipped file with this machine's certificate and access log; with ports given,
    also listening on 127.0.0.1 there (as ``localhost``) in front of ``upstream_port``."""
    text = SHIPPED.read_text(encoding="utf-8")
    text = _replace(text, SHIPPED_CERT, str(certificate.chain))
    text = _replace(text, SHIPPED_KEY, str(certificate.key))
    text = _replace(text, SHIPPED_ACCESS_LOG, str(access_log))
    if upstream_port is None or http_port is None or https_port is None:
        return text
    text = _replace(text, SHIPPED_UPSTREAM, f"server 127.0.0.1:{upstream_port};")
    text = _replace(text, SHIPPED_HTTP, f"listen 127.0.0.1:{http_port};")
    text = _replace(text, SHIPPED_HTTPS, f"listen 127.0.0.1:{https_port} ssl http2;")
    return _replace(text, SHIPPED_NAME, SERVER_NAME)


def main_config(folder: Path, site: Path, workers: int | str = 1) -> str:
    """An nginx.conf whose http{} includes ``site``, everything it writes under ``folder``."""
    temp = folder / "temp"
    temps = "".join(
        f"    {kind}_temp_path {temp / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root the workers would switch to nobody, who cannot enter a private temp folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes {workers};\n"
        f"pid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} notice;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    default_type application/octet-stream;\n"
        f"{temps}"
        f"    include {site};\n"
        "}\n"
    )


@dataclass
class Proxy:
    """A running nginx: its HTTPS address, logs and certificate."""

    folder: Path
    http_port: int
    https_port: int
    certificate: Certificate
    proc: subprocess.Popen

    @property
    def url(self) -> str:
        return f"https://{SERVER_NAME}:{self.https_port}"

    @property
    def access_log(self) -> Path:
        return self.folder / "gridapp.access.log"

    @property
    def error_log(self) -> Path:
        return self.folder / "error.log"

    @property
    def pid_file(self) -> Path:
        return self.folder / "nginx.pid"

    def stop(self) -> None:
        """A graceful stop (SIGQUIT), then SIGKILL to nginx's own process group."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def write_config(
    folder: Path, certificate: Certificate, workers: int | str = 1, **ports: int
) -> Path:
    """The site and main configuration files under ``folder``; the main one's path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "temp").mkdir(exist_ok=True)
    site = folder / "gridapp-site.conf"
    site.write_text(site_config(certificate, folder / "gridapp.access.log", **ports), "utf-8")
    conf = folder / "nginx.conf"
    conf.write_text(main_config(folder, site, workers), encoding="utf-8")
    return conf


def nginx_command(folder: Path, conf: Path, *args: str) -> list[str]:
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError(f"nginx is not installed: {INSTALL_HINT}")
    return [binary, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"), *args]


def check_config(folder: Path) -> subprocess.CompletedProcess[str]:
    """``nginx -t`` on the shipped file with only the certificate and log paths changed."""
    conf = write_config(folder, make_certificate(folder / "tls"))
    command = nginx_command(folder, conf, "-t")
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)


@contextmanager
def nginx_proxy(folder: Path, upstream_port: int, workers: int | str = 1) -> Iterator[Proxy]:
    """nginx with the shipped site in front of 127.0.0.1:``upstream_port``, until exit."""
    certificate = make_certificate(folder / "tls")
    ports = {"upstream_port": upstream_port, "http_port": free_port(), "https_port": free_port()}
    conf = write_config(folder, certificate, workers, **ports)
    out = (folder / "nginx.out").open("wb")
    proc = subprocess.Popen(
        nginx_command(folder, conf, "-g", "daemon off;"),
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stop() kills nothing else
    )
    proxy = Proxy(folder, ports["http_port"], ports["https_port"], certificate, proc)
    try:
        _wait_listening(proxy)
        yield proxy
    finally:
        proxy.stop()
        out.close()


def _wait_listening(proxy: Proxy, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proxy.proc.poll() is not None:
            raise RuntimeError(f"nginx exited: {_tail(proxy)}")
        try:
            socket.create_connection(("127.0.0.1", proxy.https_port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen in {timeout:.0f} s: {_tail(proxy)}")


def _tail(proxy: Proxy) -> str:
    texts = [p.read_text(errors="replace") for p in (proxy.folder / "nginx.out", proxy.error_log)]
    return "\n".join(t[-2000:] for t in texts if t)
