#!/usr/bin/python3
"""Writes src/test/resources/torch/adaptive-softmax.txt: PyTorch's AdaptiveLogSoftmaxWithLoss (head_bias=True) with random
weights, in float64, as plain numbers -- its parameters flattened in lmkit's order (fused/AdaptiveSoftmax.Params: head weights
[in, head] row-major, head bias, then per cluster projection [in, projected] and output [projected, size]), a few input rows,
their targets, PyTorch's log_prob rows over the whole vocabulary, and its mean loss. AdaptiveSoftmaxTest reads it.
Needs Debian's python3-torch:  /usr/bin/python3 interop/make-adaptive-fixture.py [OUT]"""
import os
import sys

import torch

IN, VOCAB, CUTOFFS, DIV, ROWS = 8, 30, [6, 15], 2.0, 9


def row(values):
    return " ".join(repr(float(v)) for v in values)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src/test/resources/torch/adaptive-softmax.txt")
    torch.manual_seed(2017)
    m = torch.nn.AdaptiveLogSoftmaxWithLoss(IN, VOCAB, CUTOFFS, div_value=DIV, head_bias=True).double()
    with torch.no_grad():
        for p in m.parameters():
            p.uniform_(-0.8, 0.8)
    flat = [m.head.weight.t().reshape(-1), m.head.bias]
    for tail in m.tail:
        flat += [tail[0].weight.t().reshape(-1), tail[1].weight.t().reshape(-1)]
    x = torch.empty(ROWS, IN, dtype=torch.float64).uniform_(-1, 1)
    target = torch.randint(VOCAB, (ROWS,))
    target[0], target[1] = 0, VOCAB - 1
    with torch.no_grad():
        log_prob = m.log_prob(x)
        loss = m(x, target).loss
    with open(out, "w") as f:
        f.write(f"# {torch.__version__} AdaptiveLogSoftmaxWithLoss({IN}, {VOCAB}, {CUTOFFS}, div_value={DIV}, head_bias=True), float64\n")
        f.write(f"shape {IN} {VOCAB} {','.join(map(str, CUTOFFS))} {DIV}\n")
        f.write("params " + row(torch.cat(flat).tolist()) + "\n")
        for r in range(ROWS):
            f.write("input " + row(x[r].tolist()) + "\n")
        f.write("targets " + " ".join(str(int(t)) for t in target) + "\n")
        for r in range(ROWS):
            f.write("log_prob " + row(log_prob[r].tolist()) + "\n")
        f.write(f"loss {float(loss)!r}\n")


if __name__ == "__main__":
    main()
