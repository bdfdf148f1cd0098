from thidua.statistics.models.organisation import *  # noqa: F403 - the emulation organisation and staff (0604, 0605)
from thidua.statistics.models.snapshots import *  # noqa: F403 - submitted reports and their versions
