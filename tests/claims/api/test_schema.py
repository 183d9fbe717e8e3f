import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_and_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))


def test_every_operation_documents_the_error_shape():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "404", "429", "500"):
                error = operation["responses"][status]["content"]["application/json"]
                assert error["schema"] == {"$ref": "#/components/schemas/Error"}, (path, method)


def test_the_schema_and_its_docs_are_served(anonymous):
    assert anonymous.get("/api/schema/").status_code == 200
    docs = anonymous.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
