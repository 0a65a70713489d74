"""What the interop scripts count as a transport error of the official SDK.

The SDK's HTTP layer: anthropic 2.x uses httpx2 (older releases: httpx). A cut chunked body
surfaces as its TransportError subclass (RemoteProtocolError), not wrapped by the SDK.
"""
import anthropic

TRANSPORT_ERRORS: tuple = (anthropic.APIConnectionError,)
for _module_name in ("httpx2", "httpx"):
    try:
        TRANSPORT_ERRORS += (__import__(_module_name).TransportError,)
    except (ImportError, AttributeError):
        pass
