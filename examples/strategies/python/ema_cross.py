#!/usr/bin/env python3
"""An EMA-cross strategy for PoG, speaking strategy protocol v2 (docs/strategies.md) over stdin/stdout.

Standard library only. Every line in is one JSON message; every message gets exactly one JSON line out.
stdout is the protocol: log to stderr (the trader shows the last stderr line when the strategy is down).

    python3 ema_cross.py [--fast 12] [--slow 48] [--min-spread-bps 5] [--risk R] [--stop-distance D]
                         [--max-book-spread-bps B] [--timer-ms T] [--protocol 1|2]
                         [--refusals FILE] [--events FILE] [--bars FILE]

--risk / --stop-distance ask the trader for a risk or stop distance other than its configured one; the trader
refuses anything above its limits and says why in a "refused" message (written to --refusals FILE if given).
--max-book-spread-bps (v2) opens nothing while the last top of book is wider than that (bid/ask spread over mid).
--timer-ms (v2) asks for a timer every T ms and logs each one to stderr (a heartbeat).
--protocol 1 speaks version 1 only (bars and refusals), as a strategy written before version 2 does.
--events FILE appends every v2 message (book, funding, fill, risk, timer) as received (the tests use it).
--bars FILE appends every bar as received (the tests use it to see bars built from the venue's public trades).
"""
import argparse
import json
import sys

NEWEST = 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fast", type=int, default=12)
    ap.add_argument("--slow", type=int, default=48)
    ap.add_argument("--min-spread-bps", type=float, default=5.0)
    ap.add_argument("--risk")
    ap.add_argument("--stop-distance")
    ap.add_argument("--max-book-spread-bps", type=float)
    ap.add_argument("--timer-ms", type=int)
    ap.add_argument("--protocol", type=int, default=NEWEST, choices=[1, 2])
    ap.add_argument("--refusals")
    ap.add_argument("--events")
    ap.add_argument("--bars")
    args = ap.parse_args()
    fast_a = 2.0 / (args.fast + 1)
    slow_a = 2.0 / (args.slow + 1)
    min_spread = args.min_spread_bps / 10000.0
    state = {}  # symbol -> [fast, slow, bars]
    books = {}  # symbol -> spread over mid, from the last top of book
    version = 1

    def answer(obj):
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    def note(path, msg):
        if path:
            with open(path, "a") as f:
                f.write(json.dumps(msg) + "\n")

    def timers():
        return [{"name": "heartbeat", "afterMillis": args.timer_ms}] if args.timer_ms and version >= 2 else []

    for line in sys.stdin:
        msg = json.loads(line)
        kind = msg.get("type")
        if kind == "hello":
            # the highest version both speak: the trader's hello says its newest
            version = min(args.protocol, int(msg.get("version", 1)))
            print("ema_cross: hello, protocol %d, trading %s" % (version, ",".join(msg.get("symbols", []))),
                  file=sys.stderr, flush=True)
            answer({"version": version})
        elif kind == "bar":
            note(args.bars, msg)
            sym = msg["symbol"]
            price = float(msg["price"])
            s = state.setdefault(sym, [price, price, 0])
            if s[2] > 0:
                s[0] += fast_a * (price - s[0])
                s[1] += slow_a * (price - s[1])
            s[2] += 1
            target = None
            if s[2] >= args.slow:
                spread = (s[0] - s[1]) / s[1]
                if spread > min_spread:
                    target = "long"
                elif spread < -min_spread:
                    target = "short"
            wide = args.max_book_spread_bps is not None and books.get(sym, 0.0) * 10000.0 > args.max_book_spread_bps
            if target is not None and wide and float(msg.get("position", "0")) == 0:
                target = None  # the book is too thin to enter now
            out = {"intents": []}
            if target is not None:
                intent = {"symbol": sym, "target": target}
                if args.risk:
                    intent["risk"] = args.risk
                if args.stop_distance:
                    intent["stopDistance"] = args.stop_distance
                out["intents"] = [intent]
            if s[2] == 1 and len(state) == 1:
                out["timers"] = timers()  # the first bar arms the heartbeat
            if not out.get("timers"):
                out.pop("timers", None)
            answer(out)
        elif kind == "refused":
            print("ema_cross: refused %s: %s" % (msg.get("symbol") or "timer", msg["reason"]),
                  file=sys.stderr, flush=True)
            note(args.refusals, msg)
            answer({"intents": []})
        elif kind == "book":
            note(args.events, msg)
            bid, ask = msg.get("bid"), msg.get("ask")
            if bid and ask and float(bid) > 0 and float(ask) > 0:
                mid = (float(bid) + float(ask)) / 2
                books[msg["symbol"]] = (float(ask) - float(bid)) / mid
            answer({})
        elif kind == "timer":
            note(args.events, msg)
            print("ema_cross: timer %s at %d" % (msg["name"], msg["time"]), file=sys.stderr, flush=True)
            out = {"intents": []}
            if msg["name"] == "heartbeat" and args.timer_ms:
                out["timers"] = timers()
            answer(out)
        elif kind in ("funding", "fill", "risk"):
            note(args.events, msg)
            if kind == "fill":
                print("ema_cross: filled %s %s %s at %s (%s)" % (msg["symbol"], msg["side"], msg["size"],
                                                                msg["price"], msg["purpose"]),
                      file=sys.stderr, flush=True)
            answer({})
        else:
            answer({})  # a message type from a newer protocol: no opinion


if __name__ == "__main__":
    main()
