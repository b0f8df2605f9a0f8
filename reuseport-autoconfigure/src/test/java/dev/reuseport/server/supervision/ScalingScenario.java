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
 * Scales a server 2 → 4 → 1 → 3 → 2 workers while 3 clients open new connections and 2
 * use keep-alive ones. Run by {@link WorkerScalingTests} in a private network namespace;
 * prints {@code RESULT <LoadClients counts> changes=…}.
 *
 * @author reuseport team
 */
public final class ScalingScenario {

	private ScalingScenario() {
	}

	public static void main(String[] args) throws Exception {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(2);
		ReusePortWebServer server = new StartedServers().start(factory);
		LoadClients clients = LoadClients.start(server.getPort(), "/", 3, 2);
		int changes = 0;
		for (int workers : new int[] { 4, 1, 3, 2 }) {
			clients.awaitRequests(100);
			if (server.getWorkerGroup().scaleTo(workers, Duration.ofSeconds(5)) == workers) {
				changes++;
			}
		}
		clients.awaitRequests(100);
		System.out.println("RESULT " + clients.stop() + " changes=" + changes);
		server.stop();
		System.exit(0);
	}

}
