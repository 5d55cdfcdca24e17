"""Write alert.wav: the window's alert for a new overdue or urgent case (two rising tones, ~0.45 s).

Generated, not recorded, so the repository says how it was made: `python3 resources/sounds/make_alert.py`.
16-bit mono PCM at 44.1 kHz, which every audio backend of QSoundEffect plays; each tone has a short
attack and release so it does not click.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 44_100
TONES = ((880.0, 0.18), (1318.5, 0.22))  # A5 then E6: a rising fifth reads as "attention", not "error"
GAP = 0.05
VOLUME = 0.45
RAMP = 0.012  # seconds of fade in and out


def samples() -> list[int]:
    out: list[int] = []
    for i, (freq, length) in enumerate(TONES):
        n = int(RATE * length)
        ramp = int(RATE * RAMP)
        for k in range(n):
            env = min(1.0, k / ramp, (n - 1 - k) / ramp)
            # A little of the octave above makes it carry on small speakers.
            wave_ = math.sin(2 * math.pi * freq * k / RATE) + 0.25 * math.sin(4 * math.pi * freq * k / RATE)
            out.append(int(32767 * VOLUME * env * wave_ / 1.25))
        if i < len(TONES) - 1:
            out.extend([0] * int(RATE * GAP))
    return out


def write(path: Path) -> None:
    data = samples()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack(f"<{len(data)}h", *data))


if __name__ == "__main__":
    write(Path(__file__).with_name("alert.wav"))
