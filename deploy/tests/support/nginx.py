"""Debian's nginx with the shipped deploy/nginx files, rewritten only where a host differs.

The site files are used as they are, except for the listen ports, the upstream address, the
certificate paths and the snippet path; each rewrite must match exactly as often as expected,
so a change to the shipped files that the test cannot follow fails loudly instead of passing.
"""
import os
import shutil
from pathlib import Path

from . import http
from .ports import free_port
from .process import Process
from .wait import GaveUp, wait_until

NGINX_DIR = Path(__file__).resolve().parents[2] / "nginx"
SNIPPET_PATH = "/etc/nginx/snippets/ict-bridge-locations.conf"


def nginx_bin():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not found:
        raise AssertionError("nginx not installed: run deploy/tests/install.sh")
    return found


def rewrite(text, old, new, count, where):
    found = text.count(old)
    if found != count:
        raise AssertionError(f"{where}: expected {count} occurrence(s) of {old!r}, found {found}")
    return text.replace(old, new)


def render_site(upstream_ports, http_port, snippet):
    """One upstream port: the file as shipped. Two: its commented multi-node lines switched on."""
    text = (NGINX_DIR / "ict-bridge.conf").read_text()
    first, *others = upstream_ports
    text = rewrite(text, "    server 127.0.0.1:8080;", f"    server 127.0.0.1:{first};", 1, "ict-bridge.conf")
    if others:
        (second,) = others
        text = rewrite(text, "    # hash $remote_addr consistent;", "    hash $remote_addr consistent;", 1, "ict-bridge.conf")
        text = rewrite(text, "    # server 127.0.0.1:8081;", f"    server 127.0.0.1:{second};", 1, "ict-bridge.conf")
    text = rewrite(text, "    listen 80;", f"    listen 127.0.0.1:{http_port};", 1, "ict-bridge.conf")
    text = rewrite(text, "    listen [::]:80;\n", "", 1, "ict-bridge.conf")
    return rewrite(text, SNIPPET_PATH, str(snippet), 1, "ict-bridge.conf")


def render_tls(https_port, cert, key, snippet):
    text = (NGINX_DIR / "ict-bridge-tls.conf").read_text()
    text = rewrite(text, "    listen 443 ssl;", f"    listen 127.0.0.1:{https_port} ssl;", 1, "ict-bridge-tls.conf")
    text = rewrite(text, "    listen [::]:443 ssl;\n", "", 1, "ict-bridge-tls.conf")
    text = rewrite(text, "/etc/ssl/certs/realtime.ict.example.org.pem", str(cert), 1, "ict-bridge-tls.conf")
    text = rewrite(text, "/etc/ssl/private/realtime.ict.example.org.key", str(key), 1, "ict-bridge-tls.conf")
    return rewrite(text, SNIPPET_PATH, str(snippet), 1, "ict-bridge-tls.conf")


def main_conf(workdir, includes):
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {workdir}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    include = "\n".join(f"    include {path};" for path in includes)
    return f"""{user}worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {workdir}/access.log;
{temp}
{include}
}}
"""


class Nginx:
    """nginx in the foreground (`nginx -p DIR -e LOG -c CONF -g "daemon off;"`), HTTP and optional TLS."""

    def __init__(self, workdir, upstream_port, cert=None, key=None):
        """`upstream_port`: one bridge port, or a list of two for the multi-node upstream."""
        self.dir = Path(workdir) / f"nginx-{free_port()}"
        self.dir.mkdir(parents=True)
        self.http_port = free_port()
        self.https_port = free_port() if cert else None
        snippet = self.dir / "ict-bridge-locations.conf"
        shutil.copyfile(NGINX_DIR / "ict-bridge-locations.conf", snippet)
        site = self.dir / "ict-bridge.conf"
        ports = upstream_port if isinstance(upstream_port, (list, tuple)) else [upstream_port]
        site.write_text(render_site(ports, self.http_port, snippet))
        includes = [site]
        if cert:
            tls = self.dir / "ict-bridge-tls.conf"
            tls.write_text(render_tls(self.https_port, cert, key, snippet))
            includes.append(tls)
        conf = self.dir / "nginx.conf"
        conf.write_text(main_conf(self.dir, includes))
        command = [nginx_bin(), "-p", str(self.dir), "-e", str(self.dir / "error.log"),
                   "-c", str(conf), "-g", "daemon off;"]
        self.process = Process("nginx", command, self.dir / "stdout.log")

    def wait(self):
        wait_until(self._listening, 10, f"nginx on port {self.http_port}")
        return self

    def _listening(self):
        if not self.process.alive():
            raise GaveUp(f"nginx exited: {self.process.log()}\n{self.error_log()}")
        return http.get(self.http_port, "/health", timeout=2).status in (200, 502, 503)

    def error_log(self):
        path = self.dir / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self):
        return self.process.stop()
