import pytest

from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group

    from pressoffice.roles import EDITORS

    user = UserFactory(username="editor-test", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
