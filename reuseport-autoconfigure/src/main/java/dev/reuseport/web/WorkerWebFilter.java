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

package dev.reuseport.web;

import java.util.OptionalInt;

import dev.reuseport.server.supervision.WorkerThreads;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Records which worker serves a request as the exchange attribute
 * {@value WorkerThreads#WORKER_KEY} (an {@code Integer}), so that handlers and
 * observations can read it after the request has left the event loop. Runs first. It
 * writes no Reactor context entry: that cost a context and an operator per request, and
 * the attribute (or {@link WorkerThreads#currentWorker()} on the loop) says the same.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class WorkerWebFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		OptionalInt worker = WorkerThreads.currentWorker();
		if (worker.isEmpty()) {
			return chain.filter(exchange);
		}
		exchange.getAttributes().put(WorkerThreads.WORKER_KEY, worker.getAsInt());
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Spring's filter chain names a checkpoint after each filter on every request, from
	 * {@code toString()}; a constant spares building {@code Object.toString()}'s string
	 * each time.
	 * @return a fixed description
	 */
	@Override
	public String toString() {
		return "WorkerWebFilter";
	}

}
