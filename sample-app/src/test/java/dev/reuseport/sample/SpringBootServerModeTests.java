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

package dev.reuseport.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application with {@code reuseport.enabled=false}: Spring Boot's own server,
 * with the offload scheduler still in place (the benchmarks compare against this mode).
 *
 * @author reuseport team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "reuseport.enabled=false")
class SpringBootServerModeTests {

	@LocalServerPort
	private int port;

	@Autowired
	private WebServerApplicationContext context;

	@Test
	void servesOnSpringBootsServerWithTheOffloadScheduler() {
		assertThat(this.context.getWebServer()).isInstanceOf(NettyWebServer.class);
		String body = HttpClient.create()
			.port(this.port)
			.get()
			.uri("/cpu/offload?ms=1")
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(10));
		assertThat(body).isEqualTo("1");
	}

}
