"""Sites through the kit's generic record tests: role matrix, confidentiality, change log and ledger, bad input,
CSV round trip (peaceops/testing/records.py)."""

from peaceops.sites.services import SiteService
from peaceops.testing.records import RecordSpec, RecordTypeTests

VALID = {"name": "Team site Zubin Potok", "site_type": "team_site", "lon": 20.69, "lat": 42.91,
         "location_name": "Zubin Potok", "notes": "Night patrols from here",
         "years": [{"year": 2020, "troops": 40, "units": {"infantry": 1}, "countries": [{"country": "Ghana",
                                                                                          "troops": 40}]}]}


class TestSites(RecordTypeTests):
    spec = RecordSpec(
        service=SiteService(), api="/api/v1/sites", namespace="sites", valid=VALID, change={"site_type": "camp"},
        bad=[({"lat": 95}, "lat"), ({"site_type": "palace"}, "site_type"),
             ({"opened_on": "2002-01-01", "closed_on": "2001-01-01"}, "closed_on"),
             ({"years": [{"year": 1800}]}, "years.0.year"),
             ({"years": [{"year": 2020, "units": {"cavalry": 1}}]}, "years.0.units"),
             ({"years": [{"year": 2020}, {"year": 2020}]}, "years")])
