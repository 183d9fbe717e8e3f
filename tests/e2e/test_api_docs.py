"""In a real browser: /api/docs/ lists the API's operations from our own static files, under
the site's CSP, with no request leaving this machine."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Init scripts are the browser's own, not the page's, so the page's CSP does not stop this.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_the_api_docs_list_the_operations_from_our_own_files(page):
    elsewhere, console_errors = [], []

    def only_this_machine(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_machine)
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.add_init_script(RECORD_CSP_VIOLATIONS)

    response = page.goto("/api/docs/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/claims/" in paths
    assert len(paths) > 20
    assert page.locator(".info .title").inner_text().startswith("Claimtrail API")

    assert elsewhere == []
    assert page.evaluate("window.__cspViolations") == []
    assert console_errors == []
