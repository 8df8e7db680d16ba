"""Blueprint packages in one shape: ``blueprint.py`` holds ``bp`` and its guards and imports no view;
the package's ``__init__`` imports the view modules, so imports run one way (views -> blueprint)."""

import ast
from pathlib import Path

import pytest

import booking

PACKAGES = ("account", "admin", "calendar", "dashboards", "organiser", "partners", "privacy", "public")
ROOT = Path(booking.__file__).parent
ROUTE_DECORATORS = ("get", "post", "route", "put", "patch", "delete")


def registers_views(path: Path) -> bool:
    """Whether a module adds a view to a blueprint (``@bp.get(...)``, ``@bp.route(...)``...)."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr in ROUTE_DECORATORS:
                    return True
    return False


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_the_package_exposes_the_bp_of_its_blueprint_module(package):
    module = __import__(f"booking.{package}", fromlist=["bp", "blueprint"])
    assert module.bp is module.blueprint.bp
    assert module.bp.name == package


@pytest.mark.parametrize("package", PACKAGES)
def test_blueprint_module_imports_no_view_and_holds_none(package):
    blueprint = ROOT / package / "blueprint.py"
    view_modules = {f"booking.{package}.{path.stem}" for path in (ROOT / package).glob("*.py") if registers_views(path)}
    assert view_modules, "a blueprint package has views"
    assert not registers_views(blueprint)
    assert not imported_modules(blueprint) & view_modules


@pytest.mark.parametrize("package", PACKAGES)
def test_only_the_blueprint_module_makes_a_blueprint(package):
    makers = {path.name for path in (ROOT / package).glob("*.py") if "Blueprint(" in path.read_text()}
    assert makers == {"blueprint.py"}


@pytest.mark.parametrize("package", PACKAGES)
def test_every_view_module_is_imported_by_the_package(package):
    view_modules = {path.stem for path in (ROOT / package).glob("*.py") if registers_views(path)}
    init = imported_modules(ROOT / package / "__init__.py")
    assert {f"booking.{package}.{name}" for name in view_modules} <= init


def test_the_api_blueprints_live_in_their_own_module_which_imports_no_view():
    from booking.api import blueprint, docs, organiser, public

    assert (public.bp, organiser.bp, docs.bp) == (blueprint.public_bp, blueprint.organiser_bp, blueprint.docs_bp)
    view_modules = {f"booking.api.{path.stem}" for path in (ROOT / "api").glob("*.py") if registers_views(path)}
    assert view_modules == {"booking.api.allocations", "booking.api.docs", "booking.api.organiser", "booking.api.public"}
    assert not imported_modules(ROOT / "api" / "blueprint.py") & view_modules
