"""Draw the three diagrams of the rnn_attention homework (RNN cell, LSTM cell, multi-head attention).

Run `python notebooks/rnn_attention/make_figures.py` after editing; the PNGs are committed.
Output is deterministic: no timestamps or software tags in the PNG metadata.
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

HERE = Path(__file__).resolve().parent / "figures"
PNG_METADATA = {"Software": None}


def box(ax, xy, w, h, text, color="#dbe9f6", fontsize=11):
    x, y = xy
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02",
                                facecolor=color, edgecolor="#333333", linewidth=1.2))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)


def arrow(ax, start, end, text=None, offset=(0.0, 0.12)):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                 linewidth=1.2, color="#333333"))
    if text:
        ax.text((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1], text,
                ha="center", va="center", fontsize=10)


def canvas(width, height):
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    return fig, ax


def save(fig, name):
    fig.savefig(HERE / name, dpi=110, bbox_inches="tight", metadata=PNG_METADATA)
    plt.close(fig)


def draw_rnn():
    fig, ax = canvas(7, 3)
    box(ax, (3.5, 1.5), 2.2, 0.9, r"$\tanh(x_t W_x + h_{t-1} W_h + b)$", fontsize=10)
    arrow(ax, (3.5, 0.2), (3.5, 1.05), r"$x_t$", offset=(0.25, -0.1))
    arrow(ax, (0.6, 1.5), (2.4, 1.5), r"$h_{t-1}$")
    arrow(ax, (4.6, 1.5), (6.4, 1.5), r"$h_t$")
    arrow(ax, (3.5, 1.95), (3.5, 2.8), r"output $h_t$", offset=(0.55, 0.0))
    ax.set_title("One RNN step: the hidden state carries the context forward", fontsize=11)
    save(fig, "rnn.png")


def draw_lstm():
    fig, ax = canvas(8, 4)
    for x, name in [(1.6, r"$f_t=\sigma(\cdot)$"), (3.2, r"$i_t=\sigma(\cdot)$"),
                    (4.8, r"$\tilde c_t=\tanh(\cdot)$"), (6.4, r"$o_t=\sigma(\cdot)$")]:
        box(ax, (x, 1.3), 1.4, 0.6, name, color="#fde7c8", fontsize=10)
        arrow(ax, (x, 0.3), (x, 0.98))
    ax.text(4.0, 0.15, r"inputs of every gate: $x_t$ and $h_{t-1}$", ha="center", fontsize=10)
    box(ax, (3.2, 3.0), 2.6, 0.6, r"$c_t = f_t \odot c_{t-1} + i_t \odot \tilde c_t$",
        color="#d9f2d9", fontsize=10)
    box(ax, (6.4, 3.0), 1.9, 0.6, r"$h_t = o_t \odot \tanh(c_t)$", color="#d9f2d9", fontsize=10)
    arrow(ax, (0.2, 3.0), (1.9, 3.0), r"$c_{t-1}$")
    for x in (1.6, 3.2, 4.8):
        arrow(ax, (x, 1.6), (min(max(x, 2.2), 4.2), 2.7))
    arrow(ax, (6.4, 1.6), (6.4, 2.7))
    arrow(ax, (4.5, 3.0), (5.45, 3.0), r"$c_t$")
    arrow(ax, (7.35, 3.0), (7.95, 3.0), r"$h_t$")
    ax.set_title("One LSTM step: three gates and a candidate update the cell state", fontsize=11)
    save(fig, "lstm.png")


def draw_multihead():
    fig, ax = canvas(8, 4.6)
    for x, name in [(1.6, "queries"), (4.0, "keys"), (6.4, "values")]:
        ax.text(x, 0.2, name, ha="center", fontsize=10)
        for k, dx in enumerate((-0.5, 0.0, 0.5)):
            box(ax, (x + dx, 1.0), 0.42, 0.5, "FC", color="#fde7c8", fontsize=8)
            arrow(ax, (x, 0.35), (x + dx, 0.75))
    for k, x in enumerate((2.4, 4.0, 5.6)):
        box(ax, (x, 2.3), 1.3, 0.55, f"attention\nhead {k + 1}", fontsize=9)
        for src in (1.6, 4.0, 6.4):
            arrow(ax, (src + (k - 1) * 0.5, 1.25), (x, 2.02))
        arrow(ax, (x, 2.58), (4.0, 3.2))
    box(ax, (4.0, 3.45), 1.6, 0.45, "concatenate", color="#d9f2d9", fontsize=10)
    box(ax, (4.0, 4.15), 1.2, 0.45, "FC", color="#fde7c8", fontsize=10)
    arrow(ax, (4.0, 3.68), (4.0, 3.92))
    ax.set_title("Multi-head attention: h heads in parallel, then one output projection",
                 fontsize=11)
    save(fig, "multihead.png")


if __name__ == "__main__":
    draw_rnn()
    draw_lstm()
    draw_multihead()
