"""``ws.admin.integrations``: the Open311 integration clients, as typed calls.

An outside system (a city app, the 12345 platform) posts reports with an API key the
service gives once, when the client is registered or its key renewed; the admin copies
it then. The service keeps only a hash, so a lost key is replaced, never shown again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gridapp.admin_client import AdminClient

PATH = "/admin/integration-clients"


@dataclass(frozen=True)
class IntegrationClient:
    id: str
    name: str
    key_hint: str  # the key's first characters, to tell keys apart
    source: str  # hotline / public
    street_codes: tuple[str, ...]
    rate_per_hour: int
    active: bool
    created_at: str
    created_by: str

    @classmethod
    def of(cls, data: dict[str, Any]) -> IntegrationClient:
        names = set(cls.__dataclass_fields__)
        values = {k: v for k, v in data.items() if k in names}
        values["street_codes"] = tuple(values.get("street_codes") or ())
        return cls(**values)


class IntegrationsAdmin:
    def __init__(self, admin: AdminClient) -> None:
        self.admin = admin

    def list(self) -> list[IntegrationClient]:
        return [IntegrationClient.of(c) for c in self.admin._call("GET", PATH)]

    def create(
        self, name: str, source: str, street_codes: list[str], rate_per_hour: int
    ) -> tuple[IntegrationClient, str]:
        """The new client and its API key (shown this once)."""
        body = {
            "name": name,
            "source": source,
            "street_codes": street_codes,
            "rate_per_hour": rate_per_hour,
        }
        answer = self.admin._call("POST", PATH, json=body)
        return IntegrationClient.of(answer["client"]), str(answer["api_key"])

    def update(self, client_id: str, **changes: Any) -> IntegrationClient:
        """Change source, street_codes, rate_per_hour or active."""
        return IntegrationClient.of(self.admin._call("PATCH", f"{PATH}/{client_id}", json=changes))

    def new_key(self, client_id: str) -> tuple[IntegrationClient, str]:
        """A new key; the old one stops working at once."""
        answer = self.admin._call("POST", f"{PATH}/{client_id}/new-key")
        return IntegrationClient.of(answer["client"]), str(answer["api_key"])
