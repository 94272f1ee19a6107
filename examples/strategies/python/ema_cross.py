#!/usr/bin/env python3
"""An EMA-cross strategy for PoG, speaking strategy protocol v1 (docs/strategies.md) over stdin/stdout.

Standard library only. Every line in is one JSON message; every message gets exactly one JSON line out.
stdout is the protocol: log to stderr (the trader shows the last stderr line when the strategy is down).

    python3 ema_cross.py [--fast 12] [--slow 48] [--min-spread-bps 5] [--risk R] [--stop-distance D]
                         [--refusals FILE]

--risk / --stop-distance ask the trader for a risk or stop distance other than its configured one; the trader
refuses anything above its limits and says why in a "refused" message (written to --refusals FILE if given).
"""
import argparse
import json
import sys

PROTOCOL_VERSION = 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fast", type=int, default=12)
    ap.add_argument("--slow", type=int, default=48)
    ap.add_argument("--min-spread-bps", type=float, default=5.0)
    ap.add_argument("--risk")
    ap.add_argument("--stop-distance")
    ap.add_argument("--refusals")
    args = ap.parse_args()
    fast_a = 2.0 / (args.fast + 1)
    slow_a = 2.0 / (args.slow + 1)
    min_spread = args.min_spread_bps / 10000.0
    state = {}  # symbol -> [fast, slow, bars]

    def answer(obj):
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    for line in sys.stdin:
        msg = json.loads(line)
        kind = msg.get("type")
        if kind == "hello":
            print("ema_cross: hello, trading " + ",".join(msg.get("symbols", [])), file=sys.stderr, flush=True)
            answer({"version": PROTOCOL_VERSION})
        elif kind == "bar":
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
            if target is None:
                answer({"intents": []})
            else:
                intent = {"symbol": sym, "target": target}
                if args.risk:
                    intent["risk"] = args.risk
                if args.stop_distance:
                    intent["stopDistance"] = args.stop_distance
                answer({"intents": [intent]})
        elif kind == "refused":
            print("ema_cross: refused " + msg["symbol"] + ": " + msg["reason"], file=sys.stderr, flush=True)
            if args.refusals:
                with open(args.refusals, "a") as f:
                    f.write(json.dumps(msg) + "\n")
            answer({"intents": []})
        else:
            answer({})  # a message type from a newer protocol: no opinion


if __name__ == "__main__":
    main()
