"""Dockerfile and .dockerignore, checked structurally (no Docker engine here: the image was never
built in these tests), and the runtime layout the image relies on run for real: the binary with
its resource bundle next to it, the build tree's copy hidden, and the image's HEALTHCHECK."""
import os
import re
import shlex
import shutil
import subprocess

import pytest

from support import http
from support.bridge import REPO, Bridge, bridge_bin
from support.ports import free_port
from support.dockerfile import ignore_patterns, ignored, parse

DOCKERFILE = (REPO / "Dockerfile").read_text()
ARGS, STAGES = parse(DOCKERFILE)
PATTERNS = ignore_patterns((REPO / ".dockerignore").read_text())
PACKAGE = (REPO / "Package.swift").read_text()


def package_name():
    return re.search(r'Package\(\s*name:\s*"([^"]+)"', PACKAGE).group(1)


def resource_targets():
    """Targets that declare `resources:`; SwiftPM names their bundle <package>_<target>.resources."""
    names = []
    for match in re.finditer(r'\.(?:target|executableTarget)\(\s*name:\s*"([^"]+)"(.*?)\n        \),', PACKAGE, re.S):
        if "resources:" in match.group(2):
            names.append(match.group(1))
    return names


BUNDLE = f"{package_name()}_Bridge.resources"


def runs(stage):
    return " && ".join(i.value for i in stage.all("RUN"))


def test_two_stages_from_the_official_swift_image_into_bookworm_slim():
    assert len(STAGES) == 2, [s.image for s in STAGES]
    build, runtime = STAGES
    assert re.fullmatch(r"swift:6\.\d+(\.\d+)?-bookworm", build.image), build.image
    assert runtime.image == "debian:bookworm-slim"
    assert all(":latest" not in s.image for s in STAGES)


def test_the_build_stage_builds_release_and_stages_binary_and_bundle():
    build = STAGES[0]
    script = runs(build)
    assert "libhiredis-dev" in script
    assert re.search(r"swift build -c release\b", script)
    assert "--product bridge" in script
    assert ".build/release/bridge " in script
    assert f".build/release/{BUNDLE}" in script, f"the resource bundle {BUNDLE} is not copied"
    assert resource_targets() == ["Bridge"], "a new target with resources needs its bundle copied too"


def test_the_bundle_name_matches_what_swiftpm_builds():
    built = sorted(p.name for p in (REPO / ".build" / "debug").glob("*.resources")) \
        if (REPO / ".build" / "debug").is_dir() else []
    if not built:
        pytest.skip("no .build/debug here to compare the bundle name with")
    assert BUNDLE in built, f"SwiftPM built {built}, the Dockerfile copies {BUNDLE}"


def test_the_runtime_stage_is_small_unprivileged_and_health_checked():
    runtime = STAGES[1]
    script = runs(runtime)
    assert re.search(r"apt-get install -y --no-install-recommends libhiredis0\.14\b", script)
    assert "rm -rf /var/lib/apt/lists/*" in script
    copies = [i.value for i in runtime.all("COPY")]
    assert any(c.startswith(f"--from={STAGES[0].name} ") for c in copies), copies
    user = runtime.all("USER")[-1].value.split(":")[0]
    assert user not in ("root", "0"), "the bridge must not run as root"
    assert "/ready" in runtime.all("HEALTHCHECK")[-1].value
    entrypoint = runtime.all("ENTRYPOINT")[-1].exec_form()
    assert entrypoint and entrypoint[0].endswith("/bridge"), "ENTRYPOINT must be exec form"
    assert runtime.all("CMD")[-1].exec_form() == ["serve"]
    assert "8080" in runtime.all("EXPOSE")[-1].value
    assert "WEBSOCKET_HOST=0.0.0.0" in " ".join(i.value for i in runtime.all("ENV"))


def test_no_secret_is_baked_in_and_apt_is_used_cleanly():
    for stage in STAGES:
        for instruction in stage.instructions:
            assert instruction.keyword != "ADD", "use COPY; ADD fetches URLs and unpacks archives"
            if instruction.keyword in ("ENV", "ARG"):
                assert not re.search(r"SECRET|TOKEN|PASSWORD", instruction.value), instruction.value
            if instruction.keyword == "RUN" and "apt-get install" in instruction.value:
                assert "apt-get update" in instruction.value, "update and install in one layer"
                assert " -y " in instruction.value


def test_copied_sources_exist_and_are_not_ignored():
    build = STAGES[0]
    for copy in build.all("COPY"):
        if copy.value.startswith("--from"):
            continue
        sources = shlex.split(copy.value)[:-1]
        for source in sources:
            matches = list(REPO.glob(source))
            assert matches or "*" in source, f"COPY {source}: not in the repository"
            for match in matches:
                relative = str(match.relative_to(REPO))
                assert not ignored(relative, PATTERNS), f"COPY {relative} but .dockerignore excludes it"


def test_every_target_folder_is_inside_the_build_context_copies():
    copied = {shlex.split(c.value)[0] for c in STAGES[0].all("COPY") if not c.value.startswith("--")}
    assert not re.search(r"\bpath:\s*\"", PACKAGE), "a custom target path needs its own COPY line"
    for kind, name in re.findall(r'\.(target|executableTarget|testTarget|systemLibrary)\(\s*name:\s*"([^"]+)"', PACKAGE):
        folder = "Tests" if kind == "testTarget" else "Sources"
        assert folder in copied, f"{kind} {name} lives in {folder}/, which the Dockerfile does not copy"


def test_the_context_leaves_out_build_output_venvs_and_secrets():
    for path in (".build/debug/bridge", "Fuzz/.build/release/FuzzHTTP", ".git/config", ".env",
                 "deploy/tests/.venv-deploy/bin/python", "deploy/containers/.venv-containers/bin/python",
                 "bench-results/x.json"):
        assert ignored(path, PATTERNS), f".dockerignore lets {path} into the build context"
    for path in ("Package.swift", "Sources/Bridge/Resources/client.js", "Sources/CHiredis/shim.h"):
        assert not ignored(path, PATTERNS), f".dockerignore drops {path}, which the build needs"


def image_layout(tmp_path):
    """/opt/ict-bridge as the image has it: the binary and its bundle side by side."""
    binary = bridge_bin()
    bundle = binary.parent / BUNDLE
    if not bundle.is_dir():
        bundle = REPO / ".build" / "debug" / BUNDLE
    assert bundle.is_dir(), f"no {BUNDLE} next to {binary} or in .build/debug"
    target = tmp_path / "opt" / "ict-bridge"
    target.mkdir(parents=True)
    shutil.copy2(binary, target / "bridge")
    shutil.copytree(bundle, target / BUNDLE)
    return target, bundle.resolve()


def unshare_works():
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=10)
    return probe.returncode == 0


@pytest.mark.skipif(not unshare_works(), reason="needs root and `unshare -m` to hide the build tree")
def test_the_relocated_binary_serves_its_bundled_client_js(stack, tmp_path):
    layout, original = image_layout(tmp_path)
    redis = stack.redis()
    # In a private mount namespace the build tree's bundle is covered by an empty tmpfs, so the
    # binary can only find client.js in the bundle next to it, as in the image.
    hide = f'mount -t tmpfs tmpfs {shlex.quote(str(original))} && exec "$@"'
    node = stack.add(Bridge(stack.workdir, redis.url, binary=layout / "bridge", cwd="/",
                            wrap=["unshare", "-m", "sh", "-c", hide, "sh"]))
    node.wait_ready()
    reply = http.get(node.port, "/client.js")
    assert reply.status == 200, f"/client.js answered {reply.status} from the relocated layout"
    assert b"LiveUpdates" in reply.body


def test_the_image_healthcheck_follows_ready(stack):
    check = STAGES[1].all("HEALTHCHECK")[-1].exec_form()
    assert check[:2] == ["bash", "-c"], check
    redis = stack.redis()
    node = stack.bridge(redis.url)
    env = {"PATH": "/usr/bin:/bin", "WEBSOCKET_PORT": str(node.port)}
    assert subprocess.run(check, env=env, timeout=10).returncode == 0
    env["WEBSOCKET_PORT"] = str(free_port())  # nothing listens there
    assert subprocess.run(check, env=env, capture_output=True, timeout=10).returncode != 0


@pytest.mark.skipif(not shutil.which("swift"), reason="no Swift toolchain to ask")
def test_the_swift_build_options_exist_in_this_toolchain():
    script = runs(STAGES[0])
    build = re.search(r"swift build ([^&]*)", script).group(1).split()
    options = [word.split("=")[0] for word in build if word.startswith("-")]
    helptext = subprocess.run(["swift", "build", "--help"], capture_output=True, text=True,
                              timeout=60).stdout
    for option in options:
        assert re.search(rf"(^|[\s,/]){re.escape(option)}\b", helptext, re.M), \
            f"`swift build {option}` is not an option of this toolchain"
    products = re.findall(r'\.executable\(name:\s*"([^"]+)"', PACKAGE)
    assert build[build.index("--product") + 1] in products
