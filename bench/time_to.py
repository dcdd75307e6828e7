"""Time to accuracy, from a run's table of epochs (`TrainResults.df` or `EpochLog` rows)."""

def first_reaching(df, thr:float, t0:float=0., col:str='acc_void')->float:
    "Wall time until `col` first reaches `thr`: `t0` seconds of setup, then the epochs' `seconds` summed; NaN if never"
    t = t0
    for _,r in df.iterrows():
        t += r['seconds']
        if r[col] >= thr: return t
    return float('nan')
