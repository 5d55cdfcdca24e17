"""A simulator of the phone apps that write into the shared database (citizen app, grid-worker app).

    sim = Simulator(make_engine(url), rate=5, seed=1)   # reads grids, workers, citizens, categories
    summary = sim.run(duration=60, stop=threading.Event())

Citizen reports (photos, positions at recurring hotspots, categories mixed by hour of day), patrol
reports and on-the-spot fixes (自办) by grid workers, accept/reply by assignees, citizen ratings.
No Qt, no app code: it writes like an outside system and the app sees it through the change feed.
"""

from commandcenter.simulate.actions import ACTIONS, Outcome, case_state
from commandcenter.simulate.runner import SimSummary, Simulator
from commandcenter.simulate.world import SimulationError, World, load_world

__all__ = [
    "ACTIONS",
    "Outcome",
    "SimSummary",
    "SimulationError",
    "Simulator",
    "World",
    "case_state",
    "load_world",
]
