package dev.onekycbridge.app.e2e;

class SqliteEndToEndTest extends EndToEndScenarios {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.sqlite();
    }
}
