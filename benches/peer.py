#!/usr/bin/env python3
"""The Python peer of the benchmarks: what a user might write instead.

    python3 benches/peer.py DIR [--today YYYY-MM-DD] > projection.json

Reads every *.toml under DIR with tomllib, projects each treaty with the
rules of spec/data-model.md (anchor; boundaries counted from the anchor with
dateutil's relativedelta, which clamps to the month's last day like the
engine; automatic / agreement / none renewal and `max`; recorded renewals
and extensions; non-renewal and withdrawal notices, revocations and recorded
withdrawals; the end; deadlines; status; the 30-year horizon) and prints one
JSON document shaped like `treatyline project --format json`.

It is straightforward, single-threaded Python, as a user would write it. It
need not match the engine in every corner; it does the same work.
"""

import datetime as dt
import json
import os
import re
import sys
import tomllib

from dateutil.relativedelta import relativedelta

SHORT = re.compile(r"^(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)w)?(?:(\d+)d)?$")
ISO = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
MIN_DATE = dt.date(1, 1, 1)


def length(text):
    """A length as (months, days)."""
    m = SHORT.match(text) or ISO.match(text)
    if not m or not any(m.groups()):
        raise ValueError(f"bad length {text!r}")
    y, mo, w, d = (int(g or 0) for g in m.groups())
    return (12 * y + mo, 7 * w + d)


def add(date, span):
    try:
        return date + relativedelta(months=span[0]) + relativedelta(days=span[1])
    except (OverflowError, ValueError):
        return None


def sub(date, span):
    try:
        return date - relativedelta(months=span[0]) - relativedelta(days=span[1])
    except (OverflowError, ValueError):
        return None


def plus(a, b):
    return (a[0] + b[0], a[1] + b[1])


def day(d, n):
    try:
        return d + dt.timedelta(days=n)
    except OverflowError:
        return None


def last_day_reaching(target, notice):
    """The last day d with add(d, notice) <= target."""
    d = sub(target, notice)
    if d is None:
        return None
    while True:
        nxt = day(d, 1)
        if nxt is None or add(nxt, notice) is None or add(nxt, notice) > target:
            break
        d = nxt
    while add(d, notice) is not None and add(d, notice) > target:
        d = day(d, -1)
    return d


def clause_effective(w, date):
    after = add(date, w["notice"])
    te = w["takes_effect"]
    if after is None:
        return None
    if te == "day-after":
        return day(after, 1)
    if te == "first-of-month-after":
        return dt.date(after.year + (after.month == 12), after.month % 12 + 1, 1)
    if te == "end-of-following-year":
        return dt.date(date.year + 2, 1, 1)
    return after


def project(t, today, until):
    parties = t["parties"]
    bilateral = len(parties) == 2
    signed, in_force = t["signed"], t.get("in_force")
    term = t["term"]
    frm = term.get("from")
    if frm == "signed":
        anchor = signed
    elif frm == "in_force":
        anchor = in_force
    elif isinstance(frm, dt.date):
        anchor = frm
    else:
        anchor = in_force or signed
    ren = t.get("renewal") or {}
    mode = ren.get("mode", "none")
    term_len = None
    if "length" in term and term["length"] != "indefinite":
        term_len = length(term["length"])
    renewal_len = length(ren["length"]) if "length" in ren else term_len
    mx = ren.get("max")
    notice = length(ren["notice"]) if "notice" in ren else None
    wd = t.get("withdrawal") or {}
    w = {
        "notice": length(wd.get("notice", "12m")),
        "takes_effect": wd.get("takes_effect", "anniversary"),
    }
    earliest = length(wd["earliest"]) if "earliest" in wd else None
    events = sorted(t.get("event", []), key=lambda e: e["date"])

    # Period 0 and where the count starts.
    if term_len is not None:
        base, total = anchor, term_len
        first_end = add(anchor, term_len)
    elif "expires" in term or "last_day" in term:
        first_end = term.get("expires") or day(term["last_day"], 1)
        base, total = first_end, (0, 0)
    else:
        first_end = None
        base, total = anchor, (0, 0)
    periods = [dict(index=0, kind="initial", start=anchor, end=first_end,
                    basis="recorded", cut=False)]

    # Withdrawal notices and recorded withdrawals.
    leaving = []
    opens = add(anchor, earliest) if earliest else None
    for e in events:
        if e["kind"] != "notice" or e.get("effect") != "withdrawal":
            continue
        if "revoked" in e:
            continue
        eff = e.get("effective") or clause_effective(w, e["date"])
        leaving.append(dict(party=e.get("party"), notice=e["date"], effective=eff,
                            settled=False, nonrenewal=False))
    for e in events:
        if e["kind"] != "withdrawn":
            continue
        cands = [l for l in leaving if not l["settled"] and not l["nonrenewal"]
                 and l["notice"] <= e["date"] and l["party"] in (None, e["party"])]
        if cands:
            l = max(cands, key=lambda l: l["notice"])
            l.update(settled=True, effective=e["date"], party=e["party"])
        else:
            leaving.append(dict(party=e["party"], notice=None, effective=e["date"],
                                settled=True, nonrenewal=False))

    # Hard ends.
    order = {"termination": 0, "withdrawal": 1, "non-renewal": 2, "expiry": 3}
    hard = []
    for e in events:
        if e["kind"] == "terminated":
            hard.append((e["date"], "termination"))
        elif e["kind"] == "expired":
            hard.append((e["date"], "expiry"))
    if bilateral:
        hard += [(l["effective"], "withdrawal") for l in leaving if l["effective"]]
    hard_end = min(hard, key=lambda h: (h[0], order[h[1]])) if hard else None

    # The walk.
    attachable = [e for e in events if e["kind"] in ("renewed", "extended")]
    nonrenewal = [e for e in events if e["kind"] == "notice"
                  and e.get("effect") == "non-renewal" and "revoked" not in e]
    used = 0
    rule_end = None
    facts = {}
    possible = None
    while True:
        cur = periods[-1]
        eff_here = [e for e in attachable if "effective" in e and e["kind"] == "renewed"
                    and e["effective"] > cur["start"]
                    and (cur["end"] is None or e["effective"] <= cur["end"])]
        eff_here.sort(key=lambda e: e["effective"])
        if eff_here:
            boundary = eff_here[0]["effective"]
        elif cur["end"] is not None:
            boundary = cur["end"]
        else:
            break
        cut = cur["end"] != boundary
        last = False
        if hard_end:
            if hard_end[0] < boundary:
                break
            if hard_end[0] == boundary and order[hard_end[1]] < order["non-renewal"]:
                break
            last = hard_end[0] == boundary
        here = [] if last else eff_here[:1]
        if not last:
            here += [e for e in attachable if e["date"] <= boundary
                     and not (e["kind"] == "renewed" and "effective" in e)]
        attachable = [e for e in attachable if all(e is not h for h in here)]
        record = here[0] if here else None

        def timely(e):
            if notice is None:
                return e["date"] < boundary
            d = add(e["date"], notice)
            return d is not None and d <= boundary
        now = [e for e in nonrenewal if timely(e)]
        nonrenewal = [e for e in nonrenewal if not timely(e)]
        ends_here = None
        took = False
        for e in now:
            if bilateral:
                if record is None and ends_here is None:
                    ends_here = (boundary, "non-renewal")
                    took = True
            else:
                leaving.append(dict(party=e.get("party"), notice=e["date"],
                                    effective=boundary, settled=True, nonrenewal=True))
                took = True
        max_left = mx is None or used < mx
        fact = dict(by_rule=mode == "automatic" and max_left, took=took, ext=False)
        facts[len(periods) - 1] = fact
        if last:
            if ends_here is None and mode == "agreement" and max_left and renewal_len:
                possible = dict(kind="renewal", start=boundary,
                                end=add(base, plus(total, renewal_len)),
                                basis="possible", cut=False)
            rule_end = ends_here
            break
        if record is not None:
            if cut:
                cur["end"], cur["cut"] = boundary, True
            used += 1
            if record["kind"] == "renewed":
                l = length(record["length"]) if "length" in record else renewal_len
                if cut:
                    base, total = boundary, (0, 0)
                total = plus(total, l)
                nxt = dict(kind="renewal", start=boundary, end=add(base, total),
                           basis="recorded", cut=False)
            elif "length" in record:
                fact["ext"] = True
                base, total = boundary, length(record["length"])
                nxt = dict(kind="extension", start=boundary, end=add(base, total),
                           basis="recorded", cut=False)
            else:
                fact["ext"] = True
                exp = record.get("expires") or day(record["last_day"], 1)
                base, total = exp, (0, 0)
                nxt = dict(kind="extension", start=boundary, end=exp,
                           basis="recorded", cut=False)
        elif ends_here:
            rule_end = ends_here
            break
        elif mode == "automatic" and max_left:
            total = plus(total, renewal_len)
            used += 1
            nxt = dict(kind="renewal", start=boundary, end=add(base, total),
                       basis="automatic", cut=False)
        else:
            rule_end = (boundary, "expiry")
            if mode == "agreement" and max_left and renewal_len:
                possible = dict(kind="renewal", start=boundary,
                                end=add(base, plus(total, renewal_len)),
                                basis="possible", cut=False)
            break
        nxt["index"] = len(periods)
        periods.append(nxt)
        if nxt["end"] is None:
            break
        if (not attachable and not nonrenewal and nxt["start"] > until
                and nxt["start"] > today and mode == "automatic"):
            if mx is not None and renewal_len:
                rest = mx - used
                extra = (renewal_len[0] * rest, renewal_len[1] * rest)
                rule_end = (add(base, plus(total, extra)), "expiry")
            break

    ends = [x for x in (hard_end, rule_end) if x and x[0]]
    end = min(ends, key=lambda h: (h[0], order[h[1]])) if ends else None
    if end:
        periods = [p for p in periods if p["start"] < end[0]]
        for p in periods:
            if p["end"] is None or p["end"] > end[0]:
                p["end"], p["cut"] = end[0], True

    force = in_force or anchor
    holding = next((p for p in periods if p["start"] <= today
                    and (p["end"] is None or today < p["end"])), None)
    if today < force:
        status = dict(on=today, state="not-in-force", period=None, period_end=None)
    elif end and today >= end[0]:
        status = dict(on=today, state="ended", period=None, period_end=None)
    else:
        status = dict(on=today, state="in-force",
                      period=holding["index"] if holding else None,
                      period_end=holding["end"] if holding else None)
    periods = [p for p in periods if p["index"] == 0 or p["start"] <= until]
    if possible and end and end[1] == "expiry" and end[0] == possible["start"] <= until:
        possible["index"] = len(periods)
        periods.append(possible)

    withdrawals = [l for l in leaving if l["effective"]
                   and (end is None or l["effective"] <= end[0])]
    withdrawals.sort(key=lambda l: (l["effective"], l["party"] or ""))

    deadlines = []
    if mode == "automatic" and notice:
        for p in periods:
            f = facts.get(p["index"])
            if p["basis"] == "possible" or p["end"] is None or p["cut"] or f is None:
                continue
            if f["ext"] or not (f["by_rule"] or f["took"]):
                continue
            b = p["end"]
            if end and end[0] <= b and end[1] in ("termination", "withdrawal"):
                continue
            prev = day(b, -1)
            date = last_day_reaching(prev, notice) if prev else None
            latest = last_day_reaching(b, notice)
            if date and latest:
                deadlines.append(dict(kind="non-renewal-notice", date=date,
                                      latest=latest, period=p["index"]))
    if opens and (end is None or opens < end[0]):
        deadlines.append(dict(kind="withdrawal-opens", date=opens, period=None))
    for l in withdrawals:
        deadlines.append(dict(kind="withdrawal-effective", date=l["effective"],
                              period=None, party=l["party"]))
    deadlines.sort(key=lambda d: (d["date"], d["kind"], d.get("party") or ""))

    iso = lambda d: d.isoformat() if d else None
    return {
        "id": t.get("id"), "title": t["title"], "parties": parties,
        "signed": iso(signed), "in_force": iso(in_force), "anchor": iso(anchor),
        "periods": [dict(index=p["index"], kind=p["kind"], start=iso(p["start"]),
                         end=iso(p["end"]), basis=p["basis"]) for p in periods],
        "end": dict(date=iso(end[0]), reason=end[1]) if end else None,
        "deadlines": [{k: iso(v) if isinstance(v, dt.date) else v for k, v in d.items()}
                      for d in deadlines],
        "withdrawals": [dict(party=l["party"], notice=iso(l["notice"]),
                             effective=iso(l["effective"])) for l in withdrawals],
        "status": {k: iso(v) if isinstance(v, dt.date) else v for k, v in status.items()},
    }


def main():
    args = sys.argv[1:]
    today = dt.date.today()
    if "--today" in args:
        i = args.index("--today")
        today = dt.date.fromisoformat(args[i + 1])
        del args[i:i + 2]
    root = args[0]
    until = add(today, (360, 0))
    paths = []
    for folder, _, names in os.walk(root):
        paths += [os.path.join(folder, n) for n in names if n.endswith(".toml")]
    paths.sort()
    out = []
    for path in paths:
        with open(path, "rb") as f:
            t = tomllib.load(f)
        t.setdefault("id", os.path.splitext(os.path.basename(path))[0])
        out.append(project(t, today, until))
    json.dump({"treaties": out}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
