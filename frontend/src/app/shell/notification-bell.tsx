/** The header bell comes from the notifications feature. */
export { NotificationBell } from '@/features/notifications/components/notification-bell';
