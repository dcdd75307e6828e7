"""09_distributed's slow lungs check as a script that prints its figures: the notebook's `one_and_two` (the same
`unet_leaky` trained from one seed in 1 process with batch 8 and on 2 gloo CPU processes with batch 4 each) on the
chest X-ray lungs, 3 epochs, and the largest difference per column of fastai's epoch table.

    OMP_NUM_THREADS=1 python bench/distributed_lungs.py > bench/results/distributed_lungs_cpu2.txt
"""
import nbformat
from pathlib import Path
nb = nbformat.read(Path(__file__).parent.parent/'nbs'/'09_distributed.ipynb', 4)
cells = [c.source for c in nb.cells if c.cell_type=='code' and c.source.startswith(('#| export', '#| hide', 'script = '))]   # the definitions, not the checks
exec(compile('\n\n'.join(cells), '09_distributed.ipynb', 'exec'))
v1,v2 = one_and_two(find_data('cxr_lungs'), 3, 29518)
print("command: OMP_NUM_THREADS=1 python bench/distributed_lungs.py\ncolumns: train loss, valid loss, dice, iou, accuracy (binary_metrics)\n")
print("1 process, batch 8:\n", v1.round(5), "\n2 processes, batch 4 each:\n", v2.round(5), "\nlargest difference per column:", np.abs(v1-v2).max(0))
