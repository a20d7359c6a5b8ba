#!/usr/bin/python3
"""Builds the PyTorch fixtures lmkit's import/export tests read (src/test/resources/torch/).

Small word_language_model-shaped models (interop/model.py) are trained briefly on a fixed toy text,
then saved in all four forms people have on disk -- a state_dict or a whole pickled module, each in
the zip format (PyTorch >= 1.6) and the legacy format -- with a vocab.txt in data.Dictionary order
(first appearance, <eos> after every line; <unk> deliberately not first). PyTorch's per-token
surprisals (bits) of a few sentences, each scored from a zero state after <eos> as lmkit does, go to
surprisals.tsv. Needs Debian's python3-torch:  /usr/bin/python3 interop/make-torch-fixtures.py [OUT]
With --big OUT.pt it instead writes a 2x650, 50k-word untied model of the colorlessgreen English
model's shape (random weights) plus OUT.vocab.txt, for timing the import; that one is not committed.
"""
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import RNNModel  # noqa: E402

TEXT = """the keys to the cabinet are on the table
the key to the cabinets is on the table
the dogs near the house bark
the dog near the houses barks
a <unk> sleeps
the authors that the guard likes laugh
the author that the guards like laughs
"""
SENTENCES = ["the keys to the cabinet are on the table", "the dog near the houses barks",
             "the author that the guards like laughs", "a <unk> sleeps on the table"]
MODELS = [  # name, layers, embedding, hidden, tied
    ("lstm1-untied", 1, 8, 10, False),
    ("lstm2-untied", 2, 9, 7, False),
    ("lstm3-tied", 3, 12, 12, True),
    ("lstm1-tied", 1, 6, 6, True),
]


def dictionary(text):
    words = []
    for line in text.splitlines():
        for w in line.split() + ['<eos>']:
            if w not in words:
                words.append(w)
    return words


def train(model, ids, steps=60):
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    data = torch.tensor(ids).view(-1, 1)
    for _ in range(steps):
        model.train()
        hidden = model.init_hidden(1)
        out, _ = model(data[:-1], hidden)
        loss = torch.nn.functional.cross_entropy(out.view(-1, out.size(2)), data[1:].view(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.25)
        opt.step()


def surprisals(model, words, sentence):
    model.eval()
    index = {w: i for i, w in enumerate(words)}
    tokens = sentence.split()
    ids = [index['<eos>']] + [index[t] for t in tokens] + [index['<eos>']]
    with torch.no_grad():
        out, _ = model(torch.tensor(ids[:-1]).view(-1, 1), model.init_hidden(1))
        logp = torch.log_softmax(out.view(-1, out.size(2)).double(), dim=1)
    return [(t, -logp[i, ids[i + 1]].item() / math.log(2)) for i, t in enumerate(tokens + ['<eos>'])]


def save_all(model, out, name):
    for form, obj in (("state_dict", model.state_dict()), ("module", model)):
        torch.save(obj, os.path.join(out, f"{name}.{form}.zip.pt"))
        torch.save(obj, os.path.join(out, f"{name}.{form}.legacy.pt"), _use_new_zipfile_serialization=False)


def main(argv):
    if len(argv) > 2 and argv[1] == '--big':
        torch.manual_seed(1)
        model = RNNModel('LSTM', 50000, 650, 650, 2, dropout=0.2)
        torch.save(model, argv[2])
        with open(argv[2] + '.vocab.txt', 'w') as f:
            f.write('<unk>\n<eos>\n' + ''.join(f'w{i}\n' for i in range(2, 50000)))
        return
    out = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'src', 'test', 'resources', 'torch')
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    words = dictionary(TEXT)
    with open(os.path.join(out, 'vocab.txt'), 'w') as f:
        f.write(''.join(w + '\n' for w in words))
    ids = []
    for line in TEXT.splitlines():
        ids += [words.index(w) for w in line.split() + ['<eos>']]
    rows = []
    for i, (name, layers, emb, hid, tied) in enumerate(MODELS):
        torch.manual_seed(100 + i)
        model = RNNModel('LSTM', len(words), emb, hid, layers, dropout=0.0, tie_weights=tied)
        train(model, ids)
        save_all(model, out, name)
        for s, sentence in enumerate(SENTENCES):
            for j, (token, bits) in enumerate(surprisals(model, words, sentence)):
                rows.append(f"{name}\t{s}\t{j}\t{token}\t{bits:.9f}\n")
    torch.manual_seed(7)
    torch.save(RNNModel('GRU', len(words), 5, 5, 1, dropout=0.0), os.path.join(out, 'gru.module.zip.pt'))
    with open(os.path.join(out, 'sentences.txt'), 'w') as f:
        f.write(''.join(s + '\n' for s in SENTENCES))
    with open(os.path.join(out, 'surprisals.tsv'), 'w') as f:
        f.write('model\tsentence_id\ttoken_index\ttoken\tsurprisal\n' + ''.join(rows))


if __name__ == '__main__':
    main(sys.argv)
