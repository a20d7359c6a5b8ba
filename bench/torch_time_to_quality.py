#!/usr/bin/python3
"""PyTorch's word_language_model recipe on a word corpus, as its main.py trains it (tied 2x200 LSTM, dropout 0.2,
plain SGD at lr 20 on the token-mean loss, gradient norm clipped to 0.25, bptt 35, batch 20, lr divided by 4 after
an epoch that did not improve validation), for bench/time-to-quality: it validates every quarter epoch too
(main.py validates once an epoch; a validation changes nothing in training) and writes one CSV row per validation
with the tokens and the seconds spent training so far (validation time excluded). Stops when validation reaches
--target or after --epochs. Resumable: a checkpoint is written at every validation and read on start.
Usage: bench/torch_time_to_quality.py --data DIR --out DIR [--target PPL] [--epochs N] [--threads N]"""
import argparse, csv, math, os, time
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F


def tokens(path, vocab):
    ids = []
    with open(path, encoding="utf-8") as f:
        for line in f:  # main.py's Corpus: whitespace words and <eos> at the end of every line, blank ones included
            for w in line.split() + ["<eos>"]:
                ids.append(vocab.setdefault(w, len(vocab)))
    return torch.tensor(ids, dtype=torch.long)


def batchify(data, bsz):
    n = data.size(0) // bsz
    return data[: n * bsz].view(bsz, -1).t().contiguous()  # [T, B]


class RNNModel(nn.Module):  # main.py's model.RNNModel for LSTM with --tied
    def __init__(self, ntoken, ninp=200, nhid=200, nlayers=2, dropout=0.2):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        self.decoder.weight = self.encoder.weight
        nn.init.uniform_(self.encoder.weight, -0.1, 0.1)
        nn.init.zeros_(self.decoder.bias)
        self.nlayers, self.nhid = nlayers, nhid

    def forward(self, x, hidden):
        output, hidden = self.rnn(self.drop(self.encoder(x)), hidden)
        return F.log_softmax(self.decoder(self.drop(output)), dim=-1), hidden

    def init_hidden(self, bsz):
        w = next(self.parameters())
        return (w.new_zeros(self.nlayers, bsz, self.nhid), w.new_zeros(self.nlayers, bsz, self.nhid))


def evaluate(model, data, bptt, ntokens):
    model.eval()
    total, hidden = 0.0, model.init_hidden(data.size(1))
    with torch.no_grad():
        for i in range(0, data.size(0) - 1, bptt):
            seq = min(bptt, data.size(0) - 1 - i)
            out, hidden = model(data[i:i + seq], hidden)
            total += seq * F.nll_loss(out.view(-1, ntokens), data[i + 1:i + 1 + seq].reshape(-1)).item()
    model.train()
    return total / (data.size(0) - 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--target", type=float, default=130.0)
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1111)  # main.py's default
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    vocab = {}
    train = batchify(tokens(Path(a.data) / "train.txt", vocab), 20)
    valid = batchify(tokens(Path(a.data) / "valid.txt", vocab), 10)
    ntokens, bptt, clip = len(vocab), 35, 0.25
    model = RNNModel(ntokens)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    ckpt, rows = out / "checkpoint.pt", out / "validations.csv"
    s = dict(epoch=1, batch=0, lr=20.0, best=None, seconds=0.0, tokens=0, hidden=None)
    if ckpt.exists():
        saved = torch.load(ckpt)
        model.load_state_dict(saved.pop("model"))
        torch.set_rng_state(saved.pop("rng"))
        s = saved
    else:
        with open(rows, "w", newline="") as f:
            csv.writer(f).writerow(["epoch", "tokens", "train_seconds", "lr", "valid_ppl"])
    batches = (train.size(0) - 1) // bptt
    every = math.ceil(batches / 4)
    hidden = s["hidden"] or model.init_hidden(20)
    model.train()
    while s["epoch"] <= a.epochs:
        for b in range(s["batch"], batches):
            t0 = time.perf_counter()
            i = b * bptt
            x, y = train[i:i + bptt], train[i + 1:i + 1 + bptt]
            hidden = tuple(h.detach() for h in hidden)
            model.zero_grad()
            out_, hidden = model(x, hidden)
            F.nll_loss(out_.view(-1, ntokens), y.reshape(-1)).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            for q in model.parameters():
                q.data.add_(q.grad, alpha=-s["lr"])
            s["seconds"] += time.perf_counter() - t0
            s["tokens"] += x.numel()
            if (b + 1) % every == 0 or b + 1 == batches:
                loss = evaluate(model, valid, bptt, ntokens)
                ppl = math.exp(loss)
                position = s["epoch"] - 1 + (b + 1) / batches
                with open(rows, "a", newline="") as f:
                    csv.writer(f).writerow([f"{position:.3f}", s["tokens"], f"{s['seconds']:.1f}", s["lr"], f"{ppl:.2f}"])
                print(f"epoch {position:.2f}: valid ppl {ppl:.2f} after {s['seconds']:.0f} s of training", flush=True)
                s["batch"] = b + 1
                if b + 1 == batches:  # main.py: anneal when the epoch's validation did not improve
                    if s["best"] is not None and loss >= s["best"]:
                        s["lr"] /= 4.0
                    s["best"] = loss if s["best"] is None else min(loss, s["best"])
                    s["epoch"], s["batch"] = s["epoch"] + 1, 0
                    hidden = model.init_hidden(20)  # main.py starts every epoch from zeros
                s["hidden"] = hidden
                torch.save(dict(s, model=model.state_dict(), rng=torch.get_rng_state()), str(ckpt) + ".tmp")
                os.replace(str(ckpt) + ".tmp", ckpt)
                if ppl <= a.target:
                    return


if __name__ == "__main__":
    main()
