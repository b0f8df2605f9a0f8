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

package dev.reuseport.cache.http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One round of a BlockHound check program ({@link BlockHoundHttpCacheCheck},
 * {@link BlockHoundRedisTierCheck}): each path sent {@code concurrency} times at once, in
 * turn, then the lines its test reads: {@code CHECK <name> <statuses> <blocking calls>}
 * and {@code STATUS <name> <Cache-Status values>}, followed by the blocking calls seen.
 *
 * @author reuseport team
 */
final class BlockHoundRound {

	private BlockHoundRound() {
	}

	/**
	 * Run a round.
	 * @param client the client
	 * @param violations the blocking calls BlockHound reported so far, appended to
	 * concurrently
	 * @param name the round's name
	 * @param concurrency how many times each path is sent at once
	 * @param request the request of a path
	 * @param paths the paths
	 * @throws Exception when a request fails
	 */
	static void run(HttpClient client, List<String> violations, String name, int concurrency,
			Function<String, HttpRequest> request, String... paths) throws Exception {
		int before = violations.size();
		List<Integer> statuses = new ArrayList<>();
		Set<String> cacheStatuses = new TreeSet<>();
		for (String path : paths) {
			List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < concurrency; i++) {
				responses.add(client.sendAsync(request.apply(path), HttpResponse.BodyHandlers.ofString()));
			}
			for (CompletableFuture<HttpResponse<String>> response : responses) {
				statuses.add(response.get().statusCode());
				response.get()
					.headers()
					.firstValue("Cache-Status")
					.ifPresent((value) -> cacheStatuses.add(value.replaceAll("; ttl=-?\\d+", "")));
			}
		}
		int found = violations.size() - before;
		System.out.println("CHECK " + name + " " + statuses.stream().distinct().sorted().toList() + " " + found);
		System.out.println("STATUS " + name + " " + cacheStatuses);
		violations.subList(before, violations.size()).forEach((violation) -> System.out.println("  " + violation));
	}

}
