#!/usr/bin/python3
"""Validate JSON files against scenarios/schema.json (JSON Schema draft 7).

Usage: scripts/validate_schema.py [--schema SCHEMA] FILE...

Prints one line per file, in the order given:

    FILE: valid
    FILE: invalid: /json/path: what the schema says

and exits 0 if every file is valid, 1 if any is not, 2 if the schema itself
cannot be loaded. A file that is not JSON (unreadable, not UTF-8, malformed,
NaN/Infinity) is invalid. Duplicate keys are not detected here: Python keeps
the last one, as JSON Schema tools do; the loader refuses them.

Needs the Debian package python3-jsonschema; run it with /usr/bin/python3
(a pyenv python3 earlier on PATH will not see that package).
"""
import argparse
import json
import os
import sys

try:
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import best_match
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("validate_schema.py: needs python3-jsonschema (apt-get install -y python3-jsonschema; run with /usr/bin/python3)")

DEFAULT_SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "scenarios", "schema.json")


def refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.loads(f.read(), parse_constant=refuse_constant)


def pointer(error):
    # RFC 6901, as the loader writes paths ("" at the root).
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in error.absolute_path)


def one_line(text):
    return " ".join(str(text).split())


def check(validator, path):
    try:
        doc = load_json(path)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as e:
        return f"not JSON: {one_line(e)}"
    error = best_match(validator.iter_errors(doc))
    if error is None:
        return None
    where = pointer(error)
    return (where + ": " if where else "") + one_line(error.message)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schema", default=DEFAULT_SCHEMA)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    try:
        schema = load_json(args.schema)
        Draft7Validator.check_schema(schema)
    except Exception as e:  # any failure here means no verdict is possible
        print(f"{args.schema}: cannot use as a schema: {one_line(e)}", file=sys.stderr)
        return 2
    validator = Draft7Validator(schema)
    all_valid = True
    for path in args.files:
        problem = check(validator, path)
        if problem is None:
            print(f"{path}: valid")
        else:
            all_valid = False
            print(f"{path}: invalid: {problem}")
    return 0 if all_valid else 1


if __name__ == "__main__":
    sys.exit(main())
