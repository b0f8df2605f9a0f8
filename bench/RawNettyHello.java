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

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.epoll.EpollChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * The ceiling the benchmarks compare against: N raw Reactor Netty servers bound to one
 * port with SO_REUSEPORT (epoll), one event loop each, answering every request with
 * {@code hello}, no Spring. Run as a single-file program with the sample app's libraries:
 * {@code java -cp 'BOOT-INF/lib/*' bench/RawNettyHello.java <port> <servers>}. Stops on
 * SIGTERM.
 */
public final class RawNettyHello {

	public static void main(String[] arguments) throws InterruptedException {
		int port = Integer.parseInt(arguments[0]);
		int servers = Integer.parseInt(arguments[1]);
		List<DisposableServer> bound = new ArrayList<>();
		for (int i = 0; i < servers; i++) {
			bound.add(HttpServer.create()
				.host("127.0.0.1")
				.port(port)
				.runOn(LoopResources.create("raw-" + i, 1, true))
				.option(EpollChannelOption.SO_REUSEPORT, true)
				.handle((request, response) -> response.header("Content-Type", "text/plain")
					.header("Content-Length", "5")
					.sendString(Mono.just("hello")))
				.bindNow());
		}
		System.out.println("RawNettyHello: " + servers + " server(s) on port " + port);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> bound.forEach(DisposableServer::disposeNow)));
		Thread.currentThread().join();
	}

}
