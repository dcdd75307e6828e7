"""Execute a notebook in place (from its own folder), keeping figures and printed results, dropping stderr.

    python tools/run_nb.py nbs/camvid_unet.ipynb [--timeout 3600]
    python tools/run_nb.py nbs/camvid_unet.ipynb --strip-only   # only drop progress bars and stderr

Progress bars (fastprogress's HTML tables) are dropped too: the results cells print their own tables.

Used for the tutorials, whose `slow` cells' outputs are the reported results; follow with `nbdev-clean`.
"""
import sys, os, argparse, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('nb', type=Path); p.add_argument('--timeout', type=int, default=3600)
p.add_argument('--strip-only', action='store_true', help="don't execute, only drop progress bars and stderr")
a = p.parse_args()

def is_noise(o):
    "stderr, and fastprogress's progress bars and per-epoch HTML tables"
    if o.output_type=='stream': return o.name=='stderr'
    html = ''.join(o.get('data', {}).get('text/html', ''))
    return 'fastprogress' in html or '<progress' in html or o.get('data', {}).get('text/plain')=='<IPython.core.display.HTML object>'

nb = nbformat.read(a.nb, as_version=4)
t0 = time.time()
if not a.strip_only:
    NotebookClient(nb, timeout=a.timeout, kernel_name='python3', resources={'metadata': {'path': str(a.nb.parent)}}).execute()
for c in nb.cells:
    if c.cell_type=='code': c.outputs = [o for o in c.outputs if not is_noise(o)]
tmp = a.nb.with_name(f'.{a.nb.name}.tmp'); nbformat.write(nb, tmp); os.replace(tmp, a.nb)
print(f"{'stripped' if a.strip_only else 'executed'} {a.nb} in {time.time()-t0:.0f} s")
