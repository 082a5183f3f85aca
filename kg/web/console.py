"""The SPARQL console: read-only SELECT queries over the store, each under a time limit.

A query is refused before it runs when it is an update (INSERT, DELETE, LOAD, DROP …) or calls
another endpoint (SERVICE). On the local store it runs in a child process that opens the store
read-only and is killed at the time limit (an Oxigraph query cannot be interrupted in-process);
on a remote endpoint the client's own timeout applies.

Run as `python -m kg.web.console` it is that child: a JSON request on stdin, the answer on stdout.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.web.paging import without_comments

TIME_LIMIT = 20.0          # seconds a console query may run
MAX_ROWS = 10_000          # rows a console answer keeps (downloads included): beyond, use `kg query`
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_UPDATE = re.compile(r"(?:^|[;}\s])(" + "|".join(UPDATE_WORDS) + r")\b(?=\s|\{|<|$)", re.IGNORECASE)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_STRINGS = re.compile(r"\"\"\".*?\"\"\"|'''.*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>", re.DOTALL)


@dataclass
class ConsoleAnswer:
    variables: list[str]
    rows: list[list[str]]
    truncated: bool


def refusal(query: str) -> str | None:
    """Why a console query is refused, or None when it may run."""
    if not query.strip():
        return "请输入查询语句"
    code = _STRINGS.sub(lambda m: " " * len(m.group(0)), without_comments(query))
    found = _UPDATE.search(code)
    if found:
        return f"只读控制台：不执行更新语句（{found.group(1).upper()}）。修改数据请用 kg build。"
    if _SERVICE.search(code):
        return "只读控制台：不执行 SERVICE（查询其他服务器）。"
    return None


def run_local(store: Path, query: str, time_limit: float = TIME_LIMIT) -> ConsoleAnswer:
    """Run a console query on the local store in a child process killed at `time_limit` seconds."""
    reason = refusal(query)
    if reason:
        raise InputError("SPARQL", reason)
    request = json.dumps({"store": str(store), "query": query})
    try:
        done = subprocess.run([sys.executable, "-m", "kg.web.console"], input=request, capture_output=True,
                              text=True, timeout=time_limit)
    except subprocess.TimeoutExpired:
        raise InputError("SPARQL", f"查询超过 {time_limit:g} 秒的时间限制，已停止。请缩小查询范围。") from None
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise InputError("SPARQL", "查询进程意外退出") from None
    if "error" in answer:
        raise InputError("SPARQL", answer["error"])
    return ConsoleAnswer(answer["variables"], answer["rows"], answer["truncated"])


def run_remote(runner, query: str) -> ConsoleAnswer:
    """Run a console query on a remote endpoint (its client's timeout applies)."""
    from kg.query.output import plain_value

    reason = refusal(query)
    if reason:
        raise InputError("SPARQL", reason)
    result = runner.select(query)
    rows = [["" if v is None else str(plain_value(v)) for v in row] for row in result.rows[:MAX_ROWS]]
    return ConsoleAnswer(list(result.variables), rows, len(result.rows) > MAX_ROWS)


def _answer(request: dict) -> dict:
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(request["store"])
        solutions = store.query(request["query"], use_default_graph_as_union=True)
    except SyntaxError as error:
        return {"error": f"SPARQL 语法错误：{error}"}
    except OSError as error:
        return {"error": f"无法打开数据库：{error}"}
    if not isinstance(solutions, ox.QuerySolutions):
        return {"error": "控制台只执行 SELECT 查询"}
    variables = [v.value for v in solutions.variables]
    rows: list[list[str]] = []
    truncated = False
    try:
        for solution in solutions:
            if len(rows) == MAX_ROWS:
                truncated = True
                break
            rows.append(["" if term is None else term.value for term in solution])
    except (OSError, ValueError) as error:
        return {"error": f"查询出错：{error}"}
    return {"variables": variables, "rows": rows, "truncated": truncated}


if __name__ == "__main__":
    json.dump(_answer(json.loads(sys.stdin.read())), sys.stdout, ensure_ascii=False)
