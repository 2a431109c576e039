// Typed calls to the plugin's /api/v1.
import {request} from './request';
import type {Status} from './types';

export function getStatus(baseURL: string, signal?: AbortSignal): Promise<Status> {
    return request<Status>(baseURL, '/status', {signal});
}
