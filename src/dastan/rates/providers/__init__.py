"""One provider per central bank; PROVIDERS lists them in ticker order."""

from dastan.rates.providers.base import Provider
from dastan.rates.providers.cbt import CBTProvider
from dastan.rates.providers.cbu import CBUProvider
from dastan.rates.providers.nbk import NBKProvider
from dastan.rates.providers.nbkr import NBKRProvider
from dastan.rates.providers.nbt import NBTProvider


def all_providers() -> list[Provider]:
    """Return one instance of every provider, in ticker order (KGS, KZT, TJS, UZS, TMT)."""
    return [NBKRProvider(), NBKProvider(), NBTProvider(), CBUProvider(), CBTProvider()]
