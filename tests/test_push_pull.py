"""Push and pull failures that need no server: one clear line and a non-zero exit code."""
from __future__ import annotations

import subprocess

import pytest

from annotation.errors import LabelStudioError, SchemaError
from annotation.push import push
from annotation.studio import free_port
from conftest import KOEN, make_article, write_articles


def test_unreachable_server_is_one_clear_error(tmp_path):
    wd = write_articles(tmp_path, [make_article(0)])
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(LabelStudioError, match="cannot reach Label Studio"):
        push(workdir=wd, project="p", url=url, token="t")
    out = subprocess.run([str(KOEN), "pull", str(wd), "-p", "p", "--url", url, "--token", "secret-token-123"],
                         capture_output=True, text=True)
    assert out.returncode == 4 and "cannot reach Label Studio" in out.stderr
    assert "Traceback" not in out.stderr and "secret-token-123" not in out.stderr + out.stdout


def test_no_server_configured_says_how_to_start_one(tmp_path, monkeypatch):
    monkeypatch.delenv("KOEN_LS_URL", raising=False)
    monkeypatch.delenv("KOEN_LS_TOKEN", raising=False)
    wd = write_articles(tmp_path, [make_article(0)])
    with pytest.raises(LabelStudioError, match="koen studio start"):
        push(workdir=wd, project="p")


def test_bad_schema_fails_before_any_request(tmp_path):
    wd = write_articles(tmp_path, [make_article(0)])
    bad = tmp_path / "schema.yaml"
    bad.write_text("entity_types: {PS: {descr: person}}\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="entity_types.PS.descr"):
        push(workdir=wd, project="p", url=f"http://127.0.0.1:{free_port()}", token="t", schema_path=bad)
    out = subprocess.run([str(KOEN), "push", str(wd), "-p", "p", "--schema", str(bad)], capture_output=True, text=True)
    assert out.returncode == 2 and "entity_types.PS.descr" in out.stderr


def test_studio_status_without_server_exits_non_zero(tmp_path):
    out = subprocess.run([str(KOEN), "studio", "status", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 1 and "not running" in out.stdout
