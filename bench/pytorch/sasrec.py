"""Reference SASRec (Kang & McAuley, ICDM 2018) in plain PyTorch, for timing Shoplens' Java implementation.

The same network as io.shoplens.recommend.deep.sasrec: item embeddings scaled by sqrt(d) plus learned positional
embeddings, dropout, `blocks` blocks of causal masked multi-head self-attention (q = LN(x); x = q + MHA(q, x, x))
and a point-wise feed-forward layer (y = LN(x); x = (y + FFN(y)) * mask), a final layer norm; binary cross-entropy
against one uniformly sampled negative per position (the paper's loss); Adam. Data: a `user item` sequence file,
leave-one-out (users with >= 3 events lose their last two events to validation and test), users with >= 2
training events are examples. Each batch is cut to its longest sequence; with --buckets batches come from pools of
50 batches sorted by length, as Shoplens does.

Prints one line per epoch: `epoch N seconds S loss L examples E`. Run with Debian's python3-torch:
    /usr/bin/python3 bench/pytorch/sasrec.py --data ../shared/data/sasrec/Video.txt --epochs 1 --threads 2
"""
import argparse
import math
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def load(path):
    seqs = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            seqs.setdefault(parts[0], []).append(parts[1])
    ids = {}
    users = []
    for u, items in seqs.items():
        users.append([ids.setdefault(i, len(ids)) for i in items])
    return users, len(ids)


class SasRec(torch.nn.Module):
    def __init__(self, num_items, max_len, d, blocks, heads, dropout):
        super().__init__()
        self.max_len, self.d, self.blocks, self.heads, self.dropout = max_len, d, blocks, heads, dropout
        self.item = torch.nn.Parameter(torch.empty(num_items + 1, d))
        self.position = torch.nn.Parameter(torch.empty(max_len, d))
        torch.nn.init.xavier_uniform_(self.item)
        torch.nn.init.xavier_uniform_(self.position)
        self.ln1 = torch.nn.ModuleList([torch.nn.LayerNorm(d, eps=1e-8) for _ in range(blocks)])
        self.ln2 = torch.nn.ModuleList([torch.nn.LayerNorm(d, eps=1e-8) for _ in range(blocks)])
        self.q, self.k, self.v, self.ff1, self.ff2 = [torch.nn.ModuleList([torch.nn.Linear(d, d) for _ in range(blocks)])
                                                      for _ in range(5)]
        for layer in list(self.q) + list(self.k) + list(self.v) + list(self.ff1) + list(self.ff2):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
        self.final = torch.nn.LayerNorm(d, eps=1e-8)

    def forward(self, seq):
        rows, width = seq.shape
        timeline = (seq != 0).float().unsqueeze(-1)
        causal = torch.ones(width, width, dtype=torch.bool, device=seq.device).tril()
        allowed = causal.unsqueeze(0) & (seq != 0).unsqueeze(1)
        mask = torch.zeros(rows, width, width, device=seq.device).masked_fill(~allowed, -1e9)
        x = F.embedding(seq, self.item) * math.sqrt(self.d) + self.position[self.max_len - width:]
        x = F.dropout(x, self.dropout, self.training) * timeline
        dh = self.d // self.heads
        for b in range(self.blocks):
            q = self.ln1[b](x)
            qs, ks, vs = self.q[b](q), self.k[b](x), self.v[b](x)
            if self.heads == 1:
                p = torch.softmax(qs @ ks.transpose(1, 2) / math.sqrt(dh) + mask, -1)
                att = F.dropout(p, self.dropout, self.training) @ vs
            else:
                split = (rows, width, self.heads, dh)
                qh = qs.view(split).transpose(1, 2)
                kh = ks.view(split).permute(0, 2, 3, 1)
                vh = vs.view(split).transpose(1, 2)
                p = torch.softmax(qh @ kh / math.sqrt(dh) + mask.unsqueeze(1), -1)
                att = (F.dropout(p, self.dropout, self.training) @ vh).transpose(1, 2).reshape(rows, width, self.d)
            x = q + att
            y = self.ln2[b](x)
            f = F.dropout(F.relu(self.ff1[b](y)), self.dropout, self.training)
            f = F.dropout(self.ff2[b](f), self.dropout, self.training)
            x = (y + f) * timeline
        return self.final(x)


def batches(lengths, batch_size, buckets, rng):
    order = list(range(len(lengths)))
    rng.shuffle(order)
    if not buckets:
        return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    out = []
    pool = 50 * batch_size
    for start in range(0, len(order), pool):
        chunk = sorted(order[start:start + pool], key=lambda i: lengths[i])
        out.extend(chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(out)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--maxlen", type=int, default=50)
    ap.add_argument("--hidden", type=int, default=50)
    ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--heads", type=int, default=1)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=0.001)
    ap.add_argument("--buckets", type=int, default=1)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    users, num_items = load(a.data)
    train = [s[:-2] if len(s) >= 3 else s for s in users]
    train = [s for s in train if len(s) >= 2]
    positives = [np.unique(np.asarray(s)) for s in train]
    nrng = np.random.default_rng(a.seed)
    lengths = [min(len(s) - 1, a.maxlen) for s in train]
    model = SasRec(num_items, a.maxlen, a.hidden, a.blocks, a.heads, a.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {len(train)} examples, {num_items} items",
          flush=True)
    for epoch in range(1, a.epochs + 1):
        model.train()
        t0 = time.perf_counter()
        total = 0.0
        for batch in batches(lengths, a.batch, a.buckets, rng):
            width = max(1, max(lengths[i] for i in batch))
            seq = np.zeros((len(batch), width), dtype=np.int64)
            pos = np.zeros((len(batch), width), dtype=np.int64)
            neg = np.zeros((len(batch), width), dtype=np.int64)
            for r, i in enumerate(batch):
                s = train[i]
                n = min(len(s) - 1, width)
                seq[r, width - n:] = np.asarray(s[len(s) - 1 - n:len(s) - 1]) + 1
                pos[r, width - n:] = np.asarray(s[len(s) - n:]) + 1
                draw = nrng.integers(0, num_items, n)
                hit = np.isin(draw, positives[i])
                while hit.any():
                    draw[hit] = nrng.integers(0, num_items, int(hit.sum()))
                    hit = np.isin(draw, positives[i])
                neg[r, width - n:] = draw + 1
            seq_t, pos_t, neg_t = torch.from_numpy(seq), torch.from_numpy(pos), torch.from_numpy(neg)
            h = model(seq_t)
            valid = pos_t != 0
            hv = h[valid]
            lp = (hv * model.item[pos_t[valid]]).sum(-1)
            ln = (hv * model.item[neg_t[valid]]).sum(-1)
            loss = F.softplus(-lp).mean() + F.softplus(ln).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(batch)
        seconds = time.perf_counter() - t0
        print(f"epoch {epoch} seconds {seconds:.3f} loss {total / len(train):.4f} examples {len(train)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
