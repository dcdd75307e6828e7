"""Execute a notebook in place (from its own folder), keeping figures and printed results, dropping stderr.

    python tools/run_nb.py nbs/camvid_unet.ipynb [--timeout 3600]

Used for the tutorials, whose `slow` cells' outputs are the reported results; follow with `nbdev-clean`.
"""
import sys, os, argparse, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('nb', type=Path); p.add_argument('--timeout', type=int, default=3600)
a = p.parse_args()
nb = nbformat.read(a.nb, as_version=4)
t0 = time.time()
NotebookClient(nb, timeout=a.timeout, kernel_name='python3', resources={'metadata': {'path': str(a.nb.parent)}}).execute()
for c in nb.cells:
    if c.cell_type=='code': c.outputs = [o for o in c.outputs if not (o.output_type=='stream' and o.name=='stderr')]
tmp = a.nb.with_name(f'.{a.nb.name}.tmp'); nbformat.write(nb, tmp); os.replace(tmp, a.nb)
print(f"executed {a.nb} in {time.time()-t0:.0f} s")
