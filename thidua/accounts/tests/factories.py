"""Factories for users and their roles (factory-boy).

A trait per persona of the root conftest, each a fresh user with the roles the demo gives it:

    UserFactory(admin=True)          # superuser with Role.ADMIN
    UserFactory(provincial=True)     # Phòng TĐKT
    UserFactory(officer=True)        # unit officer of a new unit (or pass unit=...)
    UserFactory(secretary=True, unit=by.leader)   # bloc secretary of the leader's unit
    UserFactory(roles=[Role.COUNCIL_MEMBER, Role.PORTAL_EDITOR])

The password is the demo's (``ThiDua@2019``), so ``client.login`` and the browser login work."""

import factory
from factory.django import DjangoModelFactory, Password

from thidua.accounts.choices import Role
from thidua.accounts.models import RoleGrant, User
from thidua.organisations.tests.factories import vietnamese_name

PASSWORD = "ThiDua@2019"
UNIT_FACTORY = "thidua.organisations.tests.factories.UnitFactory"


class RoleGrantFactory(DjangoModelFactory):
    class Meta:
        model = RoleGrant
        django_get_or_create = ("user", "role")

    user = factory.SubFactory("thidua.accounts.tests.factories.UserFactory")
    role = Role.UNIT_OFFICER


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"canbo{n:03d}")
    full_name = factory.Sequence(lambda n: vietnamese_name(n + 5))
    email = factory.LazyAttribute(lambda o: f"{o.username}@thidua.test")
    password = Password(PASSWORD)
    unit = None
    position = "Chuyên viên"
    roles = ()  # granted after the user is saved (see _create)

    class Params:
        admin = factory.Trait(
            is_superuser=True, is_staff=True, position="Quản trị hệ thống", roles=[Role.ADMIN]
        )
        provincial = factory.Trait(position="Chuyên viên Phòng TĐKT", roles=[Role.PROVINCIAL_OFFICER])
        officer = factory.Trait(
            unit=factory.SubFactory(UNIT_FACTORY), position="Cán bộ thi đua", roles=[Role.UNIT_OFFICER]
        )
        secretary = factory.Trait(
            unit=factory.SubFactory(UNIT_FACTORY),
            position="Thư ký khối",
            roles=[Role.BLOC_SECRETARY, Role.UNIT_OFFICER],
        )
        council = factory.Trait(position="Ủy viên Hội đồng TĐKT tỉnh", roles=[Role.COUNCIL_MEMBER])
        editor = factory.Trait(position="Biên tập viên", roles=[Role.PORTAL_EDITOR])

    @classmethod
    def _create(cls, model_class, *args, roles=(), **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        RoleGrant.objects.bulk_create(
            [RoleGrant(user=user, role=role) for role in roles], ignore_conflicts=True
        )
        user.__dict__.pop("_role_cache", None)
        return user

    @classmethod
    def _build(cls, model_class, *args, roles=(), **kwargs):
        return super()._build(model_class, *args, **kwargs)
