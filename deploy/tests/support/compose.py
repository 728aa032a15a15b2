"""docker-compose v1 from the venv, used offline only: it validates and resolves
docker-compose.yml without a Docker engine (nothing here was ever `docker compose up`)."""
import subprocess
from pathlib import Path

import yaml

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parents[1]
COMPOSE_FILE = REPO / "docker-compose.yml"
COMPOSE_BIN = TESTS / ".venv-deploy" / "bin" / "docker-compose"


def compose(args, env, env_file):
    """Runs docker-compose with exactly `env` (plus PATH) and an explicit --env-file, so neither
    the caller's shell nor a developer's .env changes the result."""
    command = [str(COMPOSE_BIN), "--env-file", str(env_file), "-f", str(COMPOSE_FILE)] + args
    full_env = {"PATH": "/usr/bin:/bin"}
    full_env.update(env)
    return subprocess.run(command, env=full_env, capture_output=True, text=True, timeout=60)


def resolved(env, env_file, profiles=()):
    args = [item for profile in profiles for item in ("--profile", profile)] + ["config"]
    result = compose(args, env, env_file)
    assert result.returncode == 0, f"docker-compose config failed:\n{result.stderr}"
    return yaml.safe_load(result.stdout)
