#!/usr/bin/python3
"""PyTorch peer of `./lmkit bench`: the same workloads (bench/workloads.json), the same model
(Embedding -> LSTM x N -> Linear -> softmax cross-entropy, or PyTorch's AdaptiveLogSoftmaxWithLoss), batch, BPTT length and float32, on random
token ids. Prints one JSON object shaped like `./lmkit bench --json`.
Usage: bench/torch_peer.py [--workload NAME] [--threads N]"""
import argparse, json, os, resource, time
from pathlib import Path

import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, w):
        super().__init__()
        hidden = w["hidden"]
        assert len(set(hidden)) == 1, "nn.LSTM stacks layers of one size"
        self.embedding = nn.Embedding(w["vocab"], w["embedding"])
        self.lstm = nn.LSTM(w["embedding"], hidden[0], num_layers=len(hidden))
        self.adaptive = w.get("softmax") == "adaptive"
        if self.adaptive:  # PyTorch's own adaptive softmax (untied: the same arithmetic as lmkit's tied head)
            self.output = nn.AdaptiveLogSoftmaxWithLoss(hidden[0], w["vocab"], w["cutoffs"], div_value=w.get("cutoff_div", 4.0), head_bias=True)
        else:
            self.output = nn.Linear(hidden[0], w["vocab"])
            if w.get("tie_weights"):  # Press & Wolf: the softmax weights are the embedding's
                self.output.weight = self.embedding.weight

    def forward(self, x, state):  # x: [T, B] time-major, as in PyTorch's word_language_model
        out, state = self.lstm(self.embedding(x), state)
        return (out if self.adaptive else self.output(out)), state

    def target_log_probs(self, out, y):
        """log p(y) per position: the adaptive softmax computes only the clusters the targets are in."""
        if self.adaptive:
            return self.output(out.reshape(-1, out.size(-1)), y.reshape(-1)).output
        return torch.log_softmax(out, -1).gather(-1, y.unsqueeze(-1))

    def loss(self, out, y):
        if self.adaptive:
            return self.output(out.reshape(-1, out.size(-1)), y.reshape(-1)).loss
        return nn.functional.cross_entropy(out.reshape(-1, out.size(-1)), y.reshape(-1))

    def probabilities(self, out):
        """Next-token distributions over the whole vocabulary (for sampling)."""
        return self.output.log_prob(out).exp() if self.adaptive else torch.softmax(out, -1)


def random_ids(w, shape, gen):
    """Uniform ids, or by Zipf's law (p(k) proportional to 1/(k+1)) for "ids": "zipf", as `./lmkit bench` draws them."""
    if w.get("ids") != "zipf":
        return torch.randint(w["vocab"], shape, generator=gen)
    weights = 1.0 / torch.arange(1, w["vocab"] + 1, dtype=torch.float64)
    n = 1
    for d in shape:
        n *= d
    return torch.multinomial(weights, n, replacement=True, generator=gen).view(*shape)


def detach(state):
    return tuple(s.detach() for s in state)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss():
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM
    except OSError:
        pass


def vm_hwm_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return peak_rss_mb()


def train_tokens_per_s(w, model, gen):
    B, T, V = w["batch"], w["bptt"], w["vocab"]
    opt = (torch.optim.SGD if w["optimizer"] == "sgd" else torch.optim.Adam)(model.parameters(), lr=w["lr"])
    state = None
    model.train()

    def step():
        nonlocal state
        data = random_ids(w, (T + 1, B), gen)
        x, y = data[:-1], data[1:]
        opt.zero_grad()
        out, state = model(x, state)
        state = detach(state)
        loss = model.loss(out, y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), w["clip_norm"])
        opt.step()

    for _ in range(w["warmup_steps"]):
        step()
    start = time.perf_counter()
    for _ in range(w["train_steps"]):
        step()
    return w["train_steps"] * B * T / (time.perf_counter() - start)


@torch.no_grad()
def eval_tokens_per_s(w, model, gen):
    B, T, V = w["batch"], w["bptt"], w["vocab"]
    model.eval()
    windows = max(1, w["eval_tokens"] // (B * T))
    data = random_ids(w, (windows * T + 1, B), gen)
    out, _ = model(data[:T], None)  # warm-up
    model.target_log_probs(out, data[1:T + 1])
    start = time.perf_counter()
    state, nll = None, 0.0
    for i in range(windows):
        x, y = data[i * T:(i + 1) * T], data[i * T + 1:(i + 1) * T + 1]
        out, state = model(x, state)
        nll -= model.target_log_probs(out, y).sum().item()
    return windows * B * T / (time.perf_counter() - start)


@torch.no_grad()
def sample_tokens_per_s(w, model, gen, count=1):
    """Tokens per second over `count` samples drawn side by side (a batch of `count` streams); as in `./lmkit bench`,
    a batch runs a tenth of the steps, and the warm-up generates as many tokens as are timed."""
    model.eval()
    length = w["sample_tokens"] if count == 1 else max(10, w["sample_tokens"] // 10)

    def run(n):
        token, state = torch.zeros(1, count, dtype=torch.long), None
        for _ in range(n):
            out, state = model(token, state)
            token = torch.multinomial(model.probabilities(out[-1]), 1, generator=gen).view(1, count)

    run(length)
    start = time.perf_counter()
    run(length)
    return length * count / (time.perf_counter() - start)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workload")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    workloads = json.loads((Path(__file__).parent / "workloads.json").read_text())
    names = [args.workload] if args.workload else list(workloads)
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    out = {"engine": f"pytorch {torch.__version__}", "threads": args.threads, "workloads": {}}
    for name in names:
        w = workloads[name]
        reset_peak_rss()
        model = Model(w)
        for p_ in model.parameters():
            nn.init.uniform_(p_, -0.1, 0.1)
        out["workloads"][name] = {
            "train_tokens_per_s": round(train_tokens_per_s(w, model, gen), 1),
            "eval_tokens_per_s": round(eval_tokens_per_s(w, model, gen), 1),
            "sample_tokens_per_s": round(sample_tokens_per_s(w, model, gen), 1),
            "sample_batch32_tokens_per_s": round(sample_tokens_per_s(w, model, gen, 32), 1),
            "peak_rss_mb": round(vm_hwm_mb(), 1),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
