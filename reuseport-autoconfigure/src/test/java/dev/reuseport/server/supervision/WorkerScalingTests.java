/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.server.supervision;

import java.time.Duration;
import java.util.Map;

import dev.reuseport.server.ReusePortReactiveWebServerFactory;
import dev.reuseport.server.ReusePortWebServer;
import dev.reuseport.server.linux.PortListeners;
import dev.reuseport.testsupport.LoadClients;
import dev.reuseport.testsupport.PrivateNetwork;
import dev.reuseport.testsupport.StartedServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for adding and removing workers ({@link ReusePortWebServer#scaleTo}) and for the
 * autoscaler.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT balancing between listeners is Linux behaviour")
class WorkerScalingTests {

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	@Test
	void scaleUpAndDownKeepsOneListenerPerWorker() {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(2);
		ReusePortWebServer server = this.servers.start(factory);
		assertThat(server.getWorkerGroup().scaleTo(4, Duration.ofSeconds(5))).isEqualTo(4);
		assertThat(server.getWorkerGroup().getWorkers()).extracting(ReusePortWorker::getIndex)
			.containsExactlyInAnyOrder(0, 1, 2, 3);
		assertThat(PortListeners.forPort(server.getPort()).ownedByThisProcess()).isEqualTo(4);
		assertThat(server.getWorkerGroup().scaleTo(1, Duration.ofSeconds(5))).isEqualTo(1);
		assertThat(server.getWorkerGroup().getWorkers()).extracting(ReusePortWorker::getIndex).containsExactly(0);
		assertThat(PortListeners.forPort(server.getPort()).ownedByThisProcess()).isEqualTo(1);
		server.getWorkerGroup().scaleTo(2, Duration.ofSeconds(5));
		assertThat(server.getWorkerGroup().getWorkers().get(1).getThreadNames())
			.as("a re-added index gets a new generation")
			.containsExactly("reuseport-1r1-epoll-1");
	}

	@Test
	void autoscalerAddsWorkersUpToTheMaximum() {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(1);
		factory.setProbeInterval(Duration.ofMillis(50));
		factory.setScalingPolicy(new ScalingPolicy(1, 3, 0.00001, Duration.ofMillis(500), 0.000001,
				Duration.ofMinutes(5), Duration.ofMillis(500)));
		ReusePortWebServer server = this.servers.start(factory);
		await().atMost(Duration.ofSeconds(20)).until(() -> server.getWorkerGroup().getWorkers().size() == 3);
		assertThat(PortListeners.forPort(server.getPort()).ownedByThisProcess()).isEqualTo(3);
	}

	@Test
	void noRequestFailsWhileScalingUpAndDownWithTcpMigrateReq() {
		Map<String, Long> result = PrivateNetwork.run(1, ScalingScenario.class);
		assertThat(result.get("changes")).isEqualTo(4);
		LoadClients.assertNoRequestFailed(result);
	}

}
