package dev.gathering.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestServer;
import dev.gathering.support.TestSse;
import dev.gathering.support.TestWebSocket;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Two instances on one database: an event published on either reaches subscribers and stream clients on both, once. */
class CrossInstanceEventsTest {

    @Test
    void eventsCrossInstancesOnceEachWayEvenWhenTooBigForANotification() {
        String database = TestDatabases.create();
        try (TestServer a = TestServer.on(database).start(); TestServer b = TestServer.on(database).start()) {
            EventBus busA = a.bean(EventBus.class);
            EventBus busB = b.bean(EventBus.class);
            ConcurrentLinkedQueue<Event> seenOnA = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Event> seenOnB = new ConcurrentLinkedQueue<>();
            busA.subscribe("task.*", seenOnA::add);
            busB.subscribe("task.*", seenOnB::add);
            Api adminOnB = b.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);

            try (TestWebSocket socketOnB = TestWebSocket.connect(adminOnB, adminOnB.token());
                 TestSse streamOnB = TestSse.open(adminOnB, "/events/stream?topics=task")) {
                assertThat(socketOnB.next().get("type").asString()).isEqualTo("connected");
                assertThat(streamOnB.next().type()).isEqualTo("connected");

                Event created = Event.of("task.created", Map.of("title", "cross", "n", 1)).sourceAgent(7L).circle(3L).project(4L);
                busA.publish(created);

                JsonNode frame = socketOnB.next(f -> f.has("id"), Duration.ofSeconds(10));
                assertThat(frame.get("id").asString()).isEqualTo(created.id());
                assertThat(frame.get("source_agent_id").asLong()).isEqualTo(7L);
                assertThat(frame.get("circle_id").asLong()).isEqualTo(3L);
                assertThat(frame.get("project_id").asLong()).isEqualTo(4L);
                assertThat(frame.get("timestamp").asString()).isEqualTo(created.timestamp().toString());
                assertThat(streamOnB.next().id()).isEqualTo(created.id());
                await().atMost(Duration.ofSeconds(5)).until(() -> seenOnA.size() == 1 && seenOnB.size() == 1);
                Event received = seenOnB.peek();
                assertThat(received).isEqualTo(created);
                assertThat(received.data()).isEqualTo(Map.of("title", "cross", "n", 1));
                assertThat(busB.history("task.created", 10)).containsExactly(created);

                String big = "x".repeat(20_000);
                Event large = Event.of("task.completed", Map.of("result", big));
                busB.publish(large);

                await().atMost(Duration.ofSeconds(10)).until(() -> seenOnA.size() == 2);
                assertThat(seenOnA).last().satisfies(event -> {
                    assertThat(event.id()).isEqualTo(large.id());
                    assertThat(event.data().get("result")).isEqualTo(big);
                });
                assertThat(b.bean(PostgresEventRelay.class).stats().overflowRows()).isEqualTo(1);
                assertThat(socketOnB.next(f -> f.has("id"), Duration.ofSeconds(5)).get("id").asString()).isEqualTo(large.id());

                // nothing arrives twice anywhere, and an event from a peer is not sent back
                await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                        .until(() -> seenOnA.size() == 2 && seenOnB.size() == 2);
                assertThat(socketOnB.pending()).isZero();
                assertThat(busA.stats().published()).isEqualTo(1);
                assertThat(busA.stats().received()).isEqualTo(1);
                assertThat(busB.stats().published()).isEqualTo(1);
                assertThat(busB.stats().received()).isEqualTo(1);
                assertThat(a.bean(PostgresEventRelay.class).stats().sent()).isEqualTo(1);
                assertThat(b.bean(PostgresEventRelay.class).stats().sent()).isEqualTo(1);
            }
        }
    }

    @Test
    void withTheRelayOffAnInstanceKeepsItsEventsToItself() {
        String database = TestDatabases.create();
        try (TestServer a = TestServer.on(database).set("gathering.events.relay", "false").start();
             TestServer b = TestServer.on(database).start()) {
            ConcurrentLinkedQueue<Event> seenOnB = new ConcurrentLinkedQueue<>();
            b.bean(EventBus.class).subscribe("*", seenOnB::add);

            a.bean(EventBus.class).publish(Event.of("system.warning", Map.of()));

            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(seenOnB::isEmpty);
            assertThat(a.bean(PostgresEventRelay.class).stats().enabled()).isFalse();
        }
    }
}
