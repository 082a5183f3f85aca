"""The web workspace: Starlette routes over a Workspace, pages rendered with Jinja2.

Every page is a GET form whose address can be shared (`/items?statute=社会保险法&article=87`),
except uploads and the console (POST). A mistake a user can make is shown on the page with the
form kept; anything else is logged and shown as a short apology, never a traceback.
"""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path
from typing import Any, Literal, overload
from urllib.parse import quote, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from kg.errors import InputError
from kg.graph.vocabulary import category_concept
from kg.impact.report import COLUMNS as IMPACT_COLUMNS
from kg.impact.report import compact, diff_segments, render_html, render_xlsx
from kg.impact.report import entry_cells as impact_cells
from kg.query.output import for_people, query_report, to_csv
from kg.reports import xlsx as xlsx_report
from kg.reports.document import Header, registry_version
from kg.statutes.normalize import arabic_number
from kg.validate import report as findings_report
from kg.validate.corpus import ListReport
from kg.web import console
from kg.web.paging import PAGE_SIZE, Scope, agency_variable, split_query
from kg.web.workspace import (
    MAX_SPEC_BYTES,
    MAX_UPLOAD_BYTES,
    SEVERITY_ZH,
    SPEC_SUFFIXES,
    UPLOAD_SUFFIXES,
    CheckedDraft,
    Workspace,
    category_labels,
)

HERE = Path(__file__).parent
MAX_NUMBER = 9999                # 条/款/项 numbers above this are typing mistakes
PAGE_SIZES = (20, 50, 100, PAGE_SIZE)
log = logging.getLogger("kg.web")
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(severity_zh=SEVERITY_ZH, urlencode=urlencode, spec_suffixes=SPEC_SUFFIXES,
                             check_label=findings_report.check_label)


def create_app(workspace: Workspace) -> Starlette:
    """The application serving `workspace`."""
    routes = [
        Route("/", lambda request: RedirectResponse("/items")),
        Route("/items", items_page),
        Route("/article", article_page),
        Route("/impact", impact_page, methods=["GET"]),
        Route("/impact.xlsx", impact_xlsx),
        Route("/impact.html", impact_html),
        Route("/impact", impact_upload, methods=["POST"]),
        Route("/impact/{token}/report.xlsx", kept_impact_xlsx),
        Route("/impact/{token}/report.html", kept_impact_html),
        Route("/validate", validate_form, methods=["GET"]),
        Route("/validate", validate_upload, methods=["POST"]),
        Route("/validate/{token}", validate_result),
        Route("/validate/{token}/report.xlsx", validate_xlsx),
        Route("/validate/{token}/report.html", validate_html),
        Route("/validate/{token}/add", validate_add, methods=["POST"]),
        Route("/queries", queries_page),
        Route("/queries/{name}", query_page),
        Route("/queries/{name}/download.csv", query_csv),
        Route("/queries/{name}/download.xlsx", query_xlsx),
        Route("/sparql", sparql_page, methods=["GET", "POST"]),
        Route("/sparql/download.csv", sparql_csv, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    # Starlette calls each handler with the exception class it is registered for; the mapping's
    # type cannot say so and wants every handler to take any Exception.
    app = Starlette(routes=routes,
                    exception_handlers={HTTPException: _http_error,  # type: ignore[dict-item]  # see above
                                        Exception: _server_error})
    app.state.workspace = workspace
    return app


# --- helpers
def _ws(request: Request) -> Workspace:
    return request.app.state.workspace


def _render(request: Request, template: str, status: int = 200, /, **context: Any) -> Response:
    """The template filled with `context`; `status` is positional-only so no context key can clash with it."""
    context.setdefault("error", None)
    context["statute_names"] = _ws(request).statute_names
    context["remote"] = _ws(request).endpoint is not None
    return templates.TemplateResponse(request, template, context, status_code=status)


@overload
def _number(value: str | None, label: str, required: Literal[True]) -> int: ...
@overload
def _number(value: str | None, label: str, required: bool = False) -> int | None: ...
def _number(value: str | None, label: str, required: bool = False) -> int | None:
    """A 条/款/项 number as typed (87, 八十七, 第八十七条); InputError in Chinese when it is not one."""
    text = (value or "").strip()
    if not text:
        if required:
            raise InputError(label, f"请填写{label}")
        return None
    digits = arabic_number(text.removeprefix("第").rstrip("条款项").strip("（）()"))
    if not digits.isascii() or not digits.isdigit() or not 0 < int(digits) <= MAX_NUMBER:
        raise InputError(label, f"“{text}”不是有效的{label}号（如 87 或 八十七）")
    return int(digits)


def _scope(request: Request, declared: frozenset[str] = frozenset()) -> Scope:
    """The page's scope from its address; a name the query declares as its own parameter is that
    parameter's (items-without-basis takes `agency` as part of the name), not a scope."""
    params = {k: v for k, v in request.query_params.items() if k not in declared}
    category = (params.get("category") or "").strip()
    concept = category_concept(category) if category else None
    if category and concept is None:
        raise InputError("类别", f"没有“{category}”这一职权类别")
    return Scope(agency=(params.get("agency") or "").strip() or None,
                 region=(params.get("region") or "").strip() or None, category=concept)


def _page_number(request: Request) -> int:
    value = request.query_params.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 1_000_000 else 1


def _page_size(request: Request) -> int:
    """Rows per page as asked (`size=`, one of PAGE_SIZES), else the largest."""
    value = request.query_params.get("size", "")
    return int(value) if value.isdigit() and int(value) in PAGE_SIZES else PAGE_SIZE


def _link(path: str, params, **changes) -> str:
    """`path?…` with the current parameters and some changed."""
    merged = {k: v for k, v in params.items() if v}
    merged.update({k: str(v) for k, v in changes.items()})
    return f"{path}?{urlencode(merged)}"


def _download(content: bytes, filename: str, media_type: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


async def _http_error(request: Request, error: HTTPException) -> Response:
    message = "找不到这个页面" if error.status_code == 404 else "请求无效"
    return _render(request, "error.html", error.status_code, error=message)


async def _server_error(request: Request, error: Exception) -> Response:
    log.exception("error serving %s", request.url.path)
    return _render(request, "error.html", 500, error="服务器处理这个请求时出错；请把操作步骤告诉管理员。")


def _failure(request: Request, template: str, error: Exception, **context: Any) -> Response:
    message = error.reason if isinstance(error, InputError) else str(error)
    return _render(request, template, 400, error=message, **context)


# --- 法条检索
def items_page(request: Request) -> Response:
    ws, params = _ws(request), request.query_params
    form = {key: params.get(key, "") for key in ("statute", "article", "paragraph", "item", "agency",
                                                  "region", "category")}
    context = {"form": form, "agencies": ws.agencies(), "categories": category_labels(), "page": None}
    if not form["statute"] and not form["article"]:
        return _render(request, "items.html", **context)
    try:
        statute = ws.statute(form["statute"])
        article = _number(form["article"], "条", required=True)
        paragraph = _number(form["paragraph"], "款")
        item = _number(form["item"], "项")
        page = ws.items_citing(statute, article, paragraph, item, _scope(request), _page_number(request))
    except (InputError, ValueError) as error:
        return _failure(request, "items.html", error, **context)
    groups: dict[str, list] = {}
    for row in page.rows:
        groups.setdefault(row["agency"] or "（未知实施主体）", []).append(row)
    return _render(request, "items.html", **{**context, "page": page, "groups": groups, "statute": statute,
                                             "article": article, "paragraph": paragraph, "item": item,
                                             "link": lambda **c: _link("/items", params, **c)})


# --- 条文
def article_page(request: Request) -> Response:
    ws, params = _ws(request), request.query_params
    form = {"statute": params.get("statute", ""), "article": params.get("article", "")}
    if not form["statute"] and not form["article"]:
        return _render(request, "article.html", form=form, view=None)
    try:
        statute = ws.statute(form["statute"])
        view = ws.article_view(statute, _number(form["article"], "条", required=True), Scope())
    except InputError as error:
        return _failure(request, "article.html", error, form=form, view=None)
    return _render(request, "article.html", form=form, view=view)


# --- 修改影响
def _impact_request(request: Request):
    ws, params = _ws(request), request.query_params
    form = {key: params.get(key, "") for key in ("statute", "from", "to")}
    statute = ws.statute(form["statute"]) if form["statute"] else None
    result = None
    if statute is not None and form["from"] and form["to"]:
        result = ws.impact(statute, form["from"], form["to"])
    return form, statute, result


def _impact_rows(result) -> dict | None:
    if result is None:
        return None
    return {group: [(entry, impact_cells(entry), _segments(entry)) for entry in entries] for group, entries in
            (("affected", result.affected), ("unchanged", result.unchanged), ("unmatched", result.unmatched))}


def impact_page(request: Request) -> Response:
    form = {key: request.query_params.get(key, "") for key in ("statute", "from", "to")}
    try:
        form, statute, result = _impact_request(request)
    except InputError as error:
        return _failure(request, "impact.html", error, form=form, statute=None, result=None)
    query = urlencode(form)
    return _render(request, "impact.html", form=form, statute=statute, result=result, rows=_impact_rows(result),
                   columns=IMPACT_COLUMNS, xlsx_url=f"/impact.xlsx?{query}", html_url=f"/impact.html?{query}")


async def impact_upload(request: Request) -> Response:
    context = {"form": {"statute": "", "from": "", "to": ""}, "statute": None, "result": None}
    try:
        filename, content = await _uploaded(request, "spec", MAX_SPEC_BYTES, max_fields=5,
                                            missing="请选择修改决定描述文件")
        token, statute, result = await run_in_threadpool(_ws(request).impact_of_spec, filename, content)
    except InputError as error:
        return _failure(request, "impact.html", _at_line(error), **context)
    return _render(request, "impact.html", form={"statute": statute.title, "from": "", "to": ""}, statute=statute,
                   result=result, rows=_impact_rows(result), columns=IMPACT_COLUMNS,
                   xlsx_url=f"/impact/{token}/report.xlsx", html_url=f"/impact/{token}/report.html")


def _segments(entry) -> list | None:
    """The compact difference of an entry's old and new text (None when one is missing)."""
    if entry.old_text is None or entry.new_text is None:
        return None
    return compact(diff_segments(entry.old_text, entry.new_text))


def _impact_file(request: Request):
    try:
        _, statute, result = _impact_request(request)
    except InputError as error:
        return None, _failure(request, "impact.html", error, form=dict(request.query_params), statute=None,
                              result=None)
    if result is None:
        return None, _failure(request, "impact.html", InputError("修改影响", "请选择法规和两个版本"),
                              form=dict(request.query_params), statute=statute, result=None)
    name = f"{statute.title}-{result.amendment.old_version}-{result.amendment.new_version}-修改影响"
    return (result, name), None


def _report_sources(request: Request) -> list[str]:
    """What a downloaded report says it read: the store (or endpoint) the workspace serves."""
    ws = _ws(request)
    return [str(ws.store_path or ws.endpoint)]


def _impact_report(request: Request, find, suffix: str) -> Response:
    """An impact result as a downloaded .xlsx or .html report; `find` gives the result and its file name
    (or the page saying why there is none)."""
    found, failure = find(request)
    if failure:
        return failure
    result, name = found
    given = (result, _report_sources(request), registry_version(_ws(request).registry))
    if suffix == "xlsx":
        return _download(render_xlsx(*given), f"{name}.xlsx",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return _download(render_html(*given).encode("utf-8"), f"{name}.html", "text/html; charset=utf-8")


def impact_xlsx(request: Request) -> Response:
    return _impact_report(request, _impact_file, "xlsx")


def impact_html(request: Request) -> Response:
    return _impact_report(request, _impact_file, "html")


def _kept_impact(request: Request):
    try:
        result = _ws(request).kept_impact(request.path_params["token"])
    except InputError as error:
        return None, _failure(request, "impact.html", error, form={}, statute=None, result=None)
    a = result.amendment
    return (result, f"{a.statute_title}-{a.old_version}-{a.new_version}-修改影响"), None


def kept_impact_xlsx(request: Request) -> Response:
    return _impact_report(request, _kept_impact, "xlsx")


def kept_impact_html(request: Request) -> Response:
    return _impact_report(request, _kept_impact, "html")


# --- 清单校验
def validate_form(request: Request) -> Response:
    return _render(request, "validate.html", draft=None, limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
                   suffixes=" ".join(UPLOAD_SUFFIXES))


async def validate_upload(request: Request) -> Response:
    context = {"draft": None, "limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024), "suffixes": " ".join(UPLOAD_SUFFIXES)}
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_UPLOAD_BYTES + 64 * 1024:
        return _failure(request, "validate.html", InputError("上传", f"文件太大（上限 {context['limit_mb']} MB）"),
                        **context)
    try:
        filename, content = await _uploaded(request, "file", MAX_UPLOAD_BYTES, max_fields=10,
                                            missing="请选择要校验的清单文件")
        draft = await run_in_threadpool(_ws(request).check_draft, filename, content)
    except InputError as error:
        return _failure(request, "validate.html", _at_line(error), **context)
    return RedirectResponse(f"/validate/{draft.token}", status_code=303)


async def _uploaded(request: Request, field: str, limit: int, *, max_fields: int, missing: str) -> tuple[str, bytes]:
    """The name and bytes (at most `limit` + 1, so an oversize file shows) of the file uploaded as `field`."""
    try:
        form = await request.form(max_files=1, max_fields=max_fields, max_part_size=limit + 1)
    except HTTPException:
        raise InputError("上传", "无法读取上传的文件") from None
    upload = form.get(field)
    if upload is None or isinstance(upload, str) or not upload.filename:
        raise InputError("上传", missing)
    content = await upload.read(limit + 1)
    await form.close()
    return upload.filename, content


def _at_line(error: InputError) -> InputError:
    """The error with its file and line written into the message a page shows."""
    where = f"（第{error.line}行）" if error.line else ""
    return InputError(error.path, f"{error.path}{where}：{error.reason}")


def _draft(request: Request):
    return _ws(request).draft(request.path_params["token"])


def validate_result(request: Request) -> Response:
    context = {"limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024), "suffixes": " ".join(UPLOAD_SUFFIXES)}
    try:
        draft = _draft(request)
    except InputError as error:
        return _failure(request, "validate.html", error, draft=None, **context)
    return _render(request, "validate.html", draft=draft, **context)


def _draft_report(request: Request, draft: CheckedDraft):
    """The report of a checked draft, as `kg validate -f xlsx|html` writes it."""
    result = ListReport(draft.name, draft.agency, draft.items, draft.findings)
    return findings_report.build_report([result], [], registry_version(_ws(request).registry), [draft.name],
                                        per_agency=False)


def _validate_report(request: Request, suffix: str) -> Response:
    """A checked draft's report as a downloaded .xlsx or .html file."""
    try:
        draft = _draft(request)
    except InputError as error:
        return _failure(request, "validate.html", error, draft=None)
    report, name = _draft_report(request, draft), f"{Path(draft.name).stem}-校验报告.{suffix}"
    if suffix == "xlsx":
        return _download(findings_report.to_xlsx(report), name,
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return _download(findings_report.to_html(report).encode("utf-8"), name, "text/html; charset=utf-8")


def validate_xlsx(request: Request) -> Response:
    return _validate_report(request, "xlsx")


def validate_html(request: Request) -> Response:
    return _validate_report(request, "html")


def validate_add(request: Request) -> Response:
    try:
        draft = _ws(request).add_draft(request.path_params["token"])
    except InputError as error:
        return _failure(request, "validate.html", error, draft=None)
    return RedirectResponse(f"/validate/{draft.token}", status_code=303)


# --- 查询
def queries_page(request: Request) -> Response:
    return _render(request, "queries.html", queries=_ws(request).queries.values())


def _query_form(request: Request):
    ws = _ws(request)
    named = ws.named(request.path_params["name"])
    split = split_query(named.text)
    values = {p.name: request.query_params.get(p.name, "") for p in named.parameters}
    declared = frozenset(values)
    scopes = {"agency", "region"} - declared if agency_variable(split) else set()
    if "item" in split.variables and "category" not in declared:
        scopes.add("category")
    return named, values, scopes


def query_page(request: Request) -> Response:
    ws, params = _ws(request), request.query_params
    try:
        named, values, scopes = _query_form(request)
    except InputError as error:
        return _render(request, "error.html", 404, error=f"没有“{error.path}”这个查询")
    context = {"named": named, "values": values, "scopes": scopes,
               "scope_form": {k: params.get(k, "") for k in ("agency", "region", "category")},
               "agencies": ws.agencies() if "agency" in scopes else [], "categories": category_labels(),
               "page": None, "page_sizes": PAGE_SIZES, "size": _page_size(request),
               "query": urlencode({k: v for k, v in params.items() if k not in ("page", "size") and v})}
    if "run" not in params:
        return _render(request, "query.html", **context)
    try:
        page = ws.page(named.name, values, _scope(request, frozenset(values)), _page_number(request),
                       _page_size(request))
    except (InputError, ValueError) as error:
        return _failure(request, "query.html", error, **context)
    table = for_people(page.result, named)
    rows = [[_shown(value) for value in row] for row in table.rows]
    return _render(request, "query.html", **{**context, "page": page, "columns": table.columns, "rows": rows,
                                             "link": lambda **c: _link(f"/queries/{named.name}", params, **c)})


def _shown(value) -> str:
    return "" if value is None else str(value)


def _export(request: Request):
    named, values, _ = _query_form(request)
    return named, _ws(request).export(named.name, values, _scope(request, frozenset(values)))


def query_csv(request: Request) -> Response:
    try:
        named, result = _export(request)
    except (InputError, ValueError) as error:
        return _render(request, "error.html", 400, error=getattr(error, "reason", str(error)))
    content = to_csv(for_people(result, named), bom=True)      # the BOM: Excel then reads UTF-8
    return _download(content.encode("utf-8"), f"{named.name}.csv", "text/csv; charset=utf-8")


def query_xlsx(request: Request) -> Response:
    try:
        named, result = _export(request)
    except (InputError, ValueError) as error:
        return _render(request, "error.html", 400, error=getattr(error, "reason", str(error)))
    ws = _ws(request)
    given = [f"{k}={v}" for k, v in request.query_params.items() if v and k not in ("run", "page", "size")]
    header = Header(f"查询结果：{named.purpose}", "、".join(given) or "全部清单", _report_sources(request),
                    registry_version(ws.registry), extra=[("查询", named.name), ("参数", " ".join(given) or "（无）")])
    content = xlsx_report.to_xlsx(query_report(for_people(result, named), named, header))
    return _download(content, f"{named.name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# --- SPARQL
def _console(request: Request, query: str) -> console.ConsoleAnswer:
    ws = _ws(request)
    if ws.store_path is not None:
        return console.run_local(ws.store_path, query)
    return console.run_remote(ws.runner, query)


async def sparql_page(request: Request) -> Response:
    ws = _ws(request)
    examples = {name: q.text for name, q in ws.queries.items() if not q.parameters}
    query = ""
    if request.method == "POST":
        query = str((await request.form()).get("query", ""))
    else:
        query = examples.get(request.query_params.get("example", ""), "")
    context = {"query": query, "examples": examples, "answer": None, "time_limit": console.TIME_LIMIT}
    if request.method != "POST":
        return _render(request, "sparql.html", **context)
    try:
        answer = await run_in_threadpool(_console, request, query)
    except InputError as error:
        return _failure(request, "sparql.html", error, **context)
    return _render(request, "sparql.html", **{**context, "answer": answer})


async def sparql_csv(request: Request) -> Response:
    query = str((await request.form()).get("query", ""))
    try:
        answer = await run_in_threadpool(_console, request, query)
    except InputError as error:
        return _failure(request, "sparql.html", error, query=query, examples={}, answer=None,
                        time_limit=console.TIME_LIMIT)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(answer.variables)
    writer.writerows(answer.rows)
    return _download(buffer.getvalue().encode("utf-8"), "sparql.csv", "text/csv; charset=utf-8")
