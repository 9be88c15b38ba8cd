"""A checked expression over records, and a source's aggregations, as SQL built as a tree
of sqlglot expressions: every identifier quoted, every value a literal, never a scheme's
text pasted into a query."""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal
from typing import Any

from ..formula.records import ColumnPath, RecordExpr
from ..model import FieldSource, RecordSource

#: The exact type a number column is read as: no binary float ever adds up money.
DECIMAL = "DECIMAL(38, 6)"
_COMPARE = {ast.Eq: "EQ", ast.NotEq: "NEQ", ast.Lt: "LT", ast.LtE: "LTE", ast.Gt: "GT",
            ast.GtE: "GTE"}
_ARITHMETIC = {ast.Add: "Add", ast.Sub: "Sub", ast.Mult: "Mul"}


def exp() -> Any:
    from sqlglot import expressions  # only a scheme that draws on records needs it

    return expressions


def ident(name: str) -> Any:
    return exp().to_identifier(name, quoted=True)


def column(name: str, table: str | None = None) -> Any:
    e = exp()
    return e.Column(this=ident(name), table=ident(table) if table else None)


def alias_of(path: ColumnPath) -> str:
    """The table alias of the record reached along ``path`` (``r`` is the record itself)."""
    return "r" if not path else "r." + ".".join(path)


def at(path: ColumnPath) -> Any:
    """The column at ``path``: the last step, on the record its prefix reaches."""
    return column(path[-1], alias_of(path[:-1]))


def literal(value: Any) -> Any:
    e = exp()
    if isinstance(value, bool):
        return e.Boolean(this=value)
    if isinstance(value, int | float | Decimal):
        return e.Cast(this=e.Literal.string(str(Decimal(str(value)))),
                      to=e.DataType.build(DECIMAL))
    if isinstance(value, date):
        return e.Cast(this=e.Literal.string(value.isoformat()), to=e.DataType.build("DATE"))
    return e.Literal.string(str(value))


def translate(expr: RecordExpr) -> Any:
    return _sql(expr.tree)


def _sql(node: ast.expr) -> Any:
    e = exp()
    if isinstance(node, ast.Constant):
        return literal(node.value)
    if isinstance(node, ast.Name):
        return at(tuple(node.id.split(".")))
    if isinstance(node, ast.BinOp):
        return e.Paren(this=getattr(e, _ARITHMETIC[type(node.op)])(
            this=_sql(node.left), expression=_sql(node.right)))
    if isinstance(node, ast.UnaryOp):
        inner = _sql(node.operand)
        if isinstance(node.op, ast.Not):
            return e.Paren(this=e.Not(this=inner))
        return e.Paren(this=e.Neg(this=inner)) if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BoolOp):
        joined = _sql(node.values[0])
        kind = e.And if isinstance(node.op, ast.And) else e.Or
        for value in node.values[1:]:
            joined = kind(this=joined, expression=_sql(value))
        return e.Paren(this=joined)
    assert isinstance(node, ast.Compare)
    op, right = node.ops[0], node.comparators[0]
    left = _sql(node.left)
    if isinstance(op, ast.In | ast.NotIn):
        assert isinstance(right, ast.Tuple | ast.List)
        found = e.In(this=left, expressions=[_sql(item) for item in right.elts])
        return e.Paren(this=found if isinstance(op, ast.In) else e.Not(this=found))
    return e.Paren(this=getattr(e, _COMPARE[type(op)])(this=left, expression=_sql(right)))


def joins(sources: dict[str, RecordSource], source: str, paths: set[ColumnPath],
          tables: dict[str, str]) -> list[tuple[Any, Any]]:
    """(table, condition) for each reference a query follows, parents first: the record
    reached along ``customer`` joined on its key, as ``"r.customer"``."""
    e = exp()
    prefixes = sorted({p[:i] for p in paths for i in range(1, len(p))}, key=len)
    out = []
    for prefix in prefixes:
        current = source
        for step in prefix[:-1]:
            current = str(sources[current].columns[step].refers)
        target = str(sources[current].columns[prefix[-1]].refers)
        table = e.Table(this=ident(tables[target]), alias=e.TableAlias(this=ident(
            alias_of(prefix))))
        out.append((table, e.EQ(this=column(sources[target].key, alias_of(prefix)),
                                expression=at(prefix))))
    return out


def aggregate(spec: FieldSource, source: RecordSource, condition: Any) -> list[Any]:
    """The aggregate columns of one field (two for an average: its sum and count), each
    over the records ``condition`` lets through."""
    e = exp()
    of = translate(spec.of) if spec.of is not None else None
    if spec.how == "count":
        made = [e.Count(this=e.Star())]
    elif spec.how == "count_distinct":
        made = [e.Count(this=e.Distinct(expressions=[of]))]
    elif spec.how == "sum":
        made = [e.Sum(this=of)]
    elif spec.how == "average":
        made = [e.Sum(this=of), e.Count(this=of)]
    elif spec.how in ("min", "max"):
        made = [e.Min(this=of) if spec.how == "min" else e.Max(this=of)]
    else:
        order = [e.Ordered(this=column(str(source.date), "r"), desc=spec.how == "last"),
                 e.Ordered(this=column(source.key, "r"), desc=spec.how == "last")]
        made = [e.First(this=e.Order(this=of, expressions=order))]
    return [e.Filter(this=m, expression=e.Where(this=condition)) for m in made]
