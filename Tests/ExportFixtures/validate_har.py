"""Validates HAR files against har-1.2.schema.json; prints every error, exit 1 if any."""
import json
import os
import sys

import jsonschema

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "har-1.2.schema.json")) as f:
    schema = json.load(f)
validator = jsonschema.Draft7Validator(schema)
failed = False
for path in sys.argv[1:]:
    with open(path) as f:
        document = json.load(f)
    for error in validator.iter_errors(document):
        failed = True
        location = "/".join(str(part) for part in error.absolute_path)
        print(f"{path}: {location}: {error.message}")
sys.exit(1 if failed else 0)
