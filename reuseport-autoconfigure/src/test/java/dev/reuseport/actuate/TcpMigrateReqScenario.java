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

package dev.reuseport.actuate;

import dev.reuseport.testsupport.TestApplication;
import dev.reuseport.testsupport.TestClients;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the test application with Actuator and reads what the {@code reuseport} endpoint
 * and the readiness health say of {@code net.ipv4.tcp_migrate_req}. Run by
 * {@link ReusePortActuatorTcpMigrateReqTests} in a private network namespace where the
 * test set the setting; prints {@code RESULT endpoint=… readiness=…}, each 1 for
 * {@code enabled}, 0 for {@code disabled}, -1 otherwise.
 *
 * @author reuseport team
 */
public final class TcpMigrateReqScenario {

	private TcpMigrateReqScenario() {
	}

	public static void main(String[] args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=1", "spring.main.banner-mode=off",
					"management.endpoints.web.exposure.include=reuseport,health",
					"management.endpoint.health.show-details=always", "management.health.redis.enabled=false")
			.run()) {
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			String endpoint = TestClients.get(TestClients.http(port), "/actuator/reuseport");
			String readiness = TestClients.get(TestClients.http(port), "/actuator/health/reuseportReadiness");
			System.out.println("RESULT endpoint=" + code(endpoint) + " readiness=" + code(readiness));
		}
		System.exit(0);
	}

	private static int code(String body) {
		if (body.contains("\"tcpMigrateReq\":\"enabled\"")) {
			return 1;
		}
		return body.contains("\"tcpMigrateReq\":\"disabled\"") ? 0 : -1;
	}

}
