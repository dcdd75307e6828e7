"""Each class's share of the labelled pixels of a SegNet-layout split (CamVid-11 by default), in the label files and in
the labels resized (nearest, as training's `Resize` does masks) to a training size: does a class survive the resize?

    python bench/class_share.py [DATA] [--split train] [--size 180 240] [--out FILE]
"""
import argparse, sys
from pathlib import Path
import numpy as np, pandas as pd
from PIL import Image
from segfast.data import atomic_file, void_index
from segfast.interpret import split_pairs

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('data', type=Path, nargs='?', default=Path('../shared/data/camvid11'))
p.add_argument('--split', default='train')
p.add_argument('--size', type=int, nargs=2, default=(180,240), help='training height width')
p.add_argument('--out', type=Path)
a = p.parse_args()
pairs,reader = split_pairs(a.data, a.split)
codes = list(reader.codes); n = len(codes)
full,small = np.zeros(n, np.int64),np.zeros(n, np.int64)
for img,lbl in pairs:
    m = reader((img,lbl))
    r = np.array(Image.fromarray(m.astype(np.uint8)).resize(tuple(a.size[::-1]), Image.NEAREST))
    full += np.bincount(m[m<n].ravel(), minlength=n)[:n]; small += np.bincount(r[r<n].ravel(), minlength=n)[:n]
keep = [i for i in range(n) if i!=void_index(codes)]
df = pd.DataFrame(dict(cls=[codes[i] for i in keep], share=full[keep]/full[keep].sum(), share_resized=small[keep]/small[keep].sum()))
text = (f"command: python bench/{Path(__file__).name} {' '.join(sys.argv[1:])}\n{len(pairs)} label files of {a.data} ({a.split}); "
        f"share of the labelled (non-void) pixels, as they are and resized nearest to {a.size[0]}x{a.size[1]}\n\n"
        + df.to_string(index=False, float_format=lambda v: f'{v:.4f}') + '\n')
print(text)
if a.out:
    with atomic_file(a.out) as tmp: Path(tmp).write_text(text)
