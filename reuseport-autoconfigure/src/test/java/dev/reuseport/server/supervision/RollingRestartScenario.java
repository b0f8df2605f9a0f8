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

import dev.reuseport.server.ReusePortReactiveWebServerFactory;
import dev.reuseport.server.ReusePortWebServer;
import dev.reuseport.testsupport.LoadClients;
import dev.reuseport.testsupport.StartedServers;

/**
 * Restarts every worker of a 2-worker server, {@code rounds} times, while 3 clients send
 * requests on a new connection each and 2 on keep-alive connections. Run by
 * {@link RollingRestartUnderLoadTests} in a private network namespace; prints
 * {@code RESULT <LoadClients counts> restarts=…}.
 *
 * @author reuseport team
 */
public final class RollingRestartScenario {

	private RollingRestartScenario() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = Integer.parseInt(args[0]);
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(2);
		ReusePortWebServer server = new StartedServers().start(factory);
		LoadClients clients = LoadClients.start(server.getPort(), "/", 3, 2);
		clients.awaitRequests(100);
		int restarts = 0;
		for (int round = 0; round < rounds; round++) {
			restarts += server.getWorkerGroup().restartAll(Duration.ofMillis(200), Duration.ofSeconds(5)).size();
			clients.awaitRequests(50);
		}
		System.out.println("RESULT " + clients.stop() + " restarts=" + restarts);
		server.stop();
		System.exit(0);
	}

}
