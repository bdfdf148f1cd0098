from thidua.core.testing import REDIRECT, Case

CASES = [Case("portal:home", lambda w: "/", default=REDIRECT)]
