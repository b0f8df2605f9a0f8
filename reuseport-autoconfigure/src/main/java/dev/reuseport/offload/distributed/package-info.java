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

/**
 * CPU work across instances: tasks queued on a Redis stream and run by whichever instance
 * has a free offload thread, at least once, through a consumer group (pending-entries
 * list, lease renewal, claims of a dead consumer's work, fenced results, a dead-letter
 * stream). Tasks are registered names whose JSON arguments bind to declared parameter
 * types: nothing read from Redis names a class.
 */
@NullMarked
package dev.reuseport.offload.distributed;

import org.jspecify.annotations.NullMarked;
