"""The folder watch: files are handed out once, after their size held still between two
looks; a changed file is handed out again; hidden, partial and foreign files never."""

from __future__ import annotations

import os
from pathlib import Path

from conflictwire.sources.watch import FolderWatch


def test_a_file_is_ready_once_it_held_still_for_one_look(tmp_path: Path) -> None:
    watch = FolderWatch(tmp_path)
    (tmp_path / "a.txt").write_text("Shelling hit the town.")
    assert watch.poll() == []  # first seen: maybe still being written
    assert watch.poll() == [tmp_path / "a.txt"]
    assert watch.poll() == []  # handed out once


def test_a_file_still_growing_waits(tmp_path: Path) -> None:
    watch = FolderWatch(tmp_path)
    path = tmp_path / "feed.xml"
    path.write_text("<rss>")
    watch.poll()
    with path.open("a") as f:
        f.write("<channel>")
    assert watch.poll() == []
    assert watch.poll() == [path]


def test_a_changed_file_is_handed_out_again(tmp_path: Path) -> None:
    watch = FolderWatch(tmp_path)
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "one"}\n')
    watch.poll()
    assert watch.poll() == [path]
    path.write_text('{"text": "one"}\n{"text": "two"}\n')
    os.utime(path, ns=(1, 1))
    watch.poll()
    assert watch.poll() == [path]


def test_only_readable_visible_files_in_name_order_also_in_subfolders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".cache").mkdir()
    names = ["b.html", "a.txt", "sub/c.warc.gz", ".hidden.txt", ".cache/d.txt", "e.part", "f.png", "g.txt~"]
    for name in names:
        (tmp_path / name).write_text("x")
    watch = FolderWatch(tmp_path)
    watch.poll()
    assert watch.poll() == [tmp_path / "a.txt", tmp_path / "b.html", tmp_path / "sub" / "c.warc.gz"]


def test_a_vanished_folder_is_no_error(tmp_path: Path) -> None:
    watch = FolderWatch(tmp_path / "gone")
    assert watch.poll() == []
